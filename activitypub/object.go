package activitypub

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/valyala/fastjson"
)

// Object is a JSON object of a [Document]: the document itself, or an
// object inside it (an activity's object, a tag, an attachment, an icon).
// It reads and writes every property, whether go-ap models it or not.
// Property names may be given as bare terms ("sensitive"), compact IRIs
// ("toot:blurhash") or full IRIs; a property matches whichever of these
// spellings the document uses, as its @context defines them.
type Object struct {
	d *Document
	v *fastjson.Value
}

// Valid reports whether o stands for an object (the zero Object does not).
func (o Object) Valid() bool { return o.v != nil && o.v.Type() == fastjson.TypeObject }

// key finds the key under which o holds the property name.
func (o Object) key(name string) (string, *fastjson.Value) {
	if !o.Valid() {
		return "", nil
	}
	iri := o.d.ctx.target(name)
	if iri == "" || iri[0] == '@' {
		// A keyword, or a name nothing defines: only the key itself.
		if v := o.v.Get(name); v != nil {
			return name, v
		}
		return "", nil
	}
	if v := o.v.Get(name); v != nil && o.d.ctx.matches(name, iri) {
		return name, v
	}
	var (
		found string
		fv    *fastjson.Value
	)
	o.v.GetObject().Visit(func(k []byte, v *fastjson.Value) {
		if fv == nil && o.d.ctx.matches(string(k), iri) {
			found, fv = string(k), v
		}
	})
	return found, fv
}

// Has reports whether o has the property.
func (o Object) Has(name string) bool {
	_, v := o.key(name)
	return v != nil
}

// Get returns the value of a property; see [Value] for what a missing
// property gives.
func (o Object) Get(name string) Value {
	_, v := o.key(name)
	return Value{d: o.d, v: v}
}

// Keys returns the property names of o, as the document spells them.
func (o Object) Keys() []string {
	if !o.Valid() {
		return nil
	}
	var keys []string
	o.v.GetObject().Visit(func(k []byte, _ *fastjson.Value) { keys = append(keys, string(k)) })
	return keys
}

// Type returns the object's type, the first one when it has several.
func (o Object) Type() string {
	ts := o.Types()
	if len(ts) == 0 {
		return ""
	}
	return ts[0]
}

// Types returns the object's types.
func (o Object) Types() []string {
	var out []string
	for _, v := range o.Get("type").Array() {
		if s, ok := v.String(); ok {
			out = append(out, s)
		}
	}
	return out
}

// ID returns the object's id, or "".
func (o Object) ID() string {
	s, _ := o.Get("id").String()
	return s
}

// Set sets a property to v, which is a string, a bool, an integer or float
// type, nil (JSON null), a []string, a []any or map[string]any of these, an
// [Object] or [Value] (of any document), or a json.RawMessage. An existing
// property is replaced under the spelling the document uses; a new one is
// added under name. A known extension term that the document's @context
// does not declare is declared there, so that other servers read it, as
// are those the value uses inside (tag types, attachment properties); a
// value from another document brings along the terms its @context
// declares. Setting "@context" on the top-level object replaces what the
// document declares.
func (o Object) Set(name string, v any) error {
	if !o.Valid() {
		return fmt.Errorf("activitypub: Set %q on an invalid Object", name)
	}
	val, err := o.d.toValue(v)
	if err != nil {
		return fmt.Errorf("activitypub: Set %q: %w", name, err)
	}
	if name == "@context" {
		o.v.Set(name, val)
		if o.v == o.d.root {
			o.d.ctx = parseContext(val)
		}
		o.d.changed()
		return nil
	}
	// A value from another document brings the terms its context
	// declares; it does not keep a context of its own inside this one.
	if from := sourceDocument(v); from != nil && from != o.d {
		if err := o.d.mergeContext(from); err != nil {
			return err
		}
		if val.Type() == fastjson.TypeObject {
			val.Del("@context")
		}
	}
	key, _ := o.key(name)
	if key == "" {
		key = name
		if err := o.d.declare(name); err != nil {
			return err
		}
	}
	// Extension terms and types inside the value are declared too.
	if err := o.d.declareUsed(val); err != nil {
		return err
	}
	o.v.Set(key, val)
	o.d.changed()
	return nil
}

// sourceDocument returns the document a value passed to Set comes from,
// if it is one of this package's views.
func sourceDocument(v any) *Document {
	switch x := v.(type) {
	case *Document:
		return x
	case Object:
		return x.d
	case Value:
		return x.d
	}
	return nil
}

// Delete removes a property, under whichever spelling the document uses.
// It reports whether there was one.
func (o Object) Delete(name string) bool {
	key, v := o.key(name)
	if v == nil {
		return false
	}
	o.v.Del(key)
	o.d.changed()
	return true
}

// MarshalJSON encodes the object.
func (o Object) MarshalJSON() ([]byte, error) {
	if o.v == nil {
		return []byte("null"), nil
	}
	return appendJSON(nil, o.v), nil
}

func (d *Document) changed() {
	d.mu.Lock()
	d.stale = true
	d.mu.Unlock()
}

// toValue turns a Go value into a JSON value of the document.
func (d *Document) toValue(v any) (*fastjson.Value, error) {
	a := &d.arena
	switch x := v.(type) {
	case nil:
		return a.NewNull(), nil
	case string:
		if !utf8.ValidString(x) {
			return nil, fmt.Errorf("string is not valid UTF-8")
		}
		return a.NewString(x), nil
	case bool:
		if x {
			return a.NewTrue(), nil
		}
		return a.NewFalse(), nil
	case int:
		return a.NewNumberString(strconv.Itoa(x)), nil
	case int64:
		return a.NewNumberString(strconv.FormatInt(x, 10)), nil
	case uint64:
		return a.NewNumberString(strconv.FormatUint(x, 10)), nil
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, fmt.Errorf("%v is not a JSON number", x)
		}
		return a.NewNumberString(strconv.FormatFloat(x, 'g', -1, 64)), nil
	case []string:
		arr := a.NewArray()
		for i, s := range x {
			sv, err := d.toValue(s)
			if err != nil {
				return nil, err
			}
			arr.SetArrayItem(i, sv)
		}
		return arr, nil
	case []any:
		arr := a.NewArray()
		for i, e := range x {
			ev, err := d.toValue(e)
			if err != nil {
				return nil, err
			}
			arr.SetArrayItem(i, ev)
		}
		return arr, nil
	case map[string]any:
		obj := a.NewObject()
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			ev, err := d.toValue(x[k])
			if err != nil {
				return nil, err
			}
			obj.Set(k, ev)
		}
		return obj, nil
	case Object:
		if x.v == nil {
			return a.NewNull(), nil
		}
		return d.adopt(x.d, x.v)
	case Value:
		if x.v == nil {
			return a.NewNull(), nil
		}
		return d.adopt(x.d, x.v)
	case *Document:
		return d.adopt(x, x.root)
	case json.RawMessage:
		text := string(x)
		if !utf8.ValidString(text) || fastjson.Validate(text) != nil {
			return nil, fmt.Errorf("invalid JSON")
		}
		p := new(fastjson.Parser)
		pv, err := p.Parse(text)
		if err != nil {
			return nil, fmt.Errorf("invalid JSON")
		}
		// The walk also resolves the parser's lazy unescaping, so that
		// later reads do not write.
		if err := checkLimits(pv, DefaultMaxDepth, DefaultMaxArrayLength); err != nil {
			return nil, err
		}
		d.parsers = append(d.parsers, p)
		return pv, nil
	}
	return nil, fmt.Errorf("cannot encode %T", v)
}

// adopt returns a value of another document, copied so that the two
// documents stay independent.
func (d *Document) adopt(from *Document, v *fastjson.Value) (*fastjson.Value, error) {
	if from == d {
		return v, nil
	}
	return d.toValue(json.RawMessage(appendJSON(nil, v)))
}

// declare adds a known extension term to the document's @context when the
// context does not declare it yet, with the prefix its definition uses.
func (d *Document) declare(name string) error {
	t, ok := extTerms[name]
	if !ok || d.ctx.declares(name) {
		return nil
	}
	if t.def == "" {
		// Declared by a context URL, such as the security vocabulary.
		d.addContextURL(t.context)
		return nil
	}
	defs := d.inlineContext()
	declarePrefix := func(p, iri string) {
		if p == "" || p == "as" && d.ctx.hasURL(ContextActivityStreams) {
			// The ActivityStreams context declares "as".
			return
		}
		if _, ok := d.ctx.terms[p]; !ok {
			defs.Set(p, d.arena.NewString(iri))
			d.setTerm(p, canonicalIRI(iri))
		}
	}
	declarePrefix(t.prefix, t.prefixIRI)
	// Definitions may use more prefixes than their own ("sc:Number").
	for p, iri := range builtinPrefixes {
		if p != t.prefix && strings.Contains(t.def, `"`+p+`:`) {
			declarePrefix(p, iri)
		}
	}
	p := new(fastjson.Parser)
	dv, err := p.Parse(t.def)
	if err != nil {
		return fmt.Errorf("activitypub: bad built-in definition of %q", name)
	}
	d.parsers = append(d.parsers, p)
	defs.Set(name, dv)
	d.setTerm(name, t.iri)
	return nil
}

func (d *Document) setTerm(name, iri string) {
	if d.ctx.terms == nil {
		d.ctx.terms = map[string]string{}
	}
	d.ctx.terms[name] = iri
}

// contextArray makes the document's @context an array, and returns it.
func (d *Document) contextArray() *fastjson.Value {
	c := d.root.Get("@context")
	if c != nil && c.Type() == fastjson.TypeArray {
		return c
	}
	arr := d.arena.NewArray()
	if c == nil {
		arr.SetArrayItem(0, d.arena.NewString(ContextActivityStreams))
		d.ctx.URLs = append(d.ctx.URLs, ContextActivityStreams)
	} else {
		arr.SetArrayItem(0, c)
	}
	d.root.Set("@context", arr)
	return arr
}

// inlineContext returns the object of term definitions at the end of the
// @context, adding one if there is none.
func (d *Document) inlineContext() *fastjson.Value {
	arr := d.contextArray()
	items := arr.GetArray()
	if n := len(items); n > 0 && items[n-1].Type() == fastjson.TypeObject {
		return items[n-1]
	}
	obj := d.arena.NewObject()
	arr.SetArrayItem(len(items), obj)
	return obj
}

// addContextURL adds a context URL before the inline definitions.
func (d *Document) addContextURL(u string) {
	if d.ctx.hasURL(u) {
		return
	}
	arr := d.contextArray()
	items := arr.GetArray()
	n := len(items)
	if n > 0 && items[n-1].Type() == fastjson.TypeObject {
		// Keep the inline definitions last.
		arr.SetArrayItem(n, items[n-1])
		arr.SetArrayItem(n-1, d.arena.NewString(u))
	} else {
		arr.SetArrayItem(n, d.arena.NewString(u))
	}
	d.ctx.URLs = append(d.ctx.URLs, u)
}

// mergeContext adds to d's @context the context URLs and the term
// definitions of from's that d's does not have yet.
func (d *Document) mergeContext(from *Document) error {
	c := from.root.Get("@context")
	if c == nil {
		return nil
	}
	items := []*fastjson.Value{c}
	if c.Type() == fastjson.TypeArray {
		items = c.GetArray()
	}
	for _, it := range items {
		if it.Type() == fastjson.TypeString {
			d.addContextURL(string(it.GetStringBytes()))
		}
	}
	for _, it := range items {
		if it.Type() != fastjson.TypeObject {
			continue
		}
		var err error
		it.GetObject().Visit(func(k []byte, def *fastjson.Value) {
			name := string(k)
			if err != nil || d.ctx.declares(name) {
				return
			}
			if _, ok := d.ctx.terms[name]; ok {
				return
			}
			var v *fastjson.Value
			if v, err = d.toValue(json.RawMessage(appendJSON(nil, def))); err != nil {
				return
			}
			d.inlineContext().Set(name, v)
			if iri, ok := from.ctx.terms[name]; ok {
				d.setTerm(name, iri)
			}
		})
		if err != nil {
			return fmt.Errorf("activitypub: merging contexts: %w", err)
		}
	}
	d.changed()
	return nil
}

// declareUsed declares in d's @context the known extension terms that v
// uses, as property names or as types, at any depth.
func (d *Document) declareUsed(v *fastjson.Value) error {
	switch v.Type() {
	case fastjson.TypeArray:
		for _, e := range v.GetArray() {
			if err := d.declareUsed(e); err != nil {
				return err
			}
		}
	case fastjson.TypeObject:
		var err error
		v.GetObject().Visit(func(k []byte, c *fastjson.Value) {
			if err != nil || string(k) == "@context" {
				return
			}
			if err = d.declare(string(k)); err != nil {
				return
			}
			if string(k) == "type" {
				for _, t := range (Value{d: d, v: c}).Array() {
					if s, ok := t.String(); ok {
						if err = d.declare(s); err != nil {
							return
						}
					}
				}
				return
			}
			err = d.declareUsed(c)
		})
		return err
	}
	return nil
}

// Value is the value of a property. Its methods read it as a given type
// and report whether it was that type; a missing property reads as no
// type at all, and as an empty array.
type Value struct {
	d *Document
	v *fastjson.Value
}

// Exists reports whether the property was there (null included).
func (v Value) Exists() bool { return v.v != nil }

// IsNull reports whether the value is JSON null.
func (v Value) IsNull() bool { return v.v != nil && v.v.Type() == fastjson.TypeNull }

// String returns a string value.
func (v Value) String() (string, bool) {
	if v.v == nil || v.v.Type() != fastjson.TypeString {
		return "", false
	}
	return string(v.v.GetStringBytes()), true
}

// Bool returns a boolean value.
func (v Value) Bool() (bool, bool) {
	if v.v == nil {
		return false, false
	}
	switch v.v.Type() {
	case fastjson.TypeTrue:
		return true, true
	case fastjson.TypeFalse:
		return false, true
	}
	return false, false
}

// Int returns an integer value. A number written as a string ("12"), as
// some servers send counts, is read too.
func (v Value) Int() (int64, bool) {
	if v.v == nil {
		return 0, false
	}
	switch v.v.Type() {
	case fastjson.TypeNumber:
		if n, err := v.v.Int64(); err == nil {
			return n, true
		}
		f, err := v.v.Float64()
		if err != nil || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
			return 0, false
		}
		return int64(f), true
	case fastjson.TypeString:
		n, err := strconv.ParseInt(string(v.v.GetStringBytes()), 10, 64)
		return n, err == nil
	}
	return 0, false
}

// Float returns a numeric value.
func (v Value) Float() (float64, bool) {
	if v.v == nil || v.v.Type() != fastjson.TypeNumber {
		return 0, false
	}
	f, err := v.v.Float64()
	return f, err == nil
}

// Object returns an object value.
func (v Value) Object() (Object, bool) {
	if v.v == nil || v.v.Type() != fastjson.TypeObject {
		return Object{}, false
	}
	return Object(v), true
}

// IRI returns a link's target: the value itself when it is a string, or
// the id (for a Link, the href) of an object.
func (v Value) IRI() (string, bool) {
	if s, ok := v.String(); ok {
		return s, true
	}
	if o, ok := v.Object(); ok {
		if id := o.ID(); id != "" {
			return id, true
		}
		if href, ok := o.Get("href").String(); ok {
			return href, true
		}
	}
	return "", false
}

// Array returns the items of an array value. ActivityStreams allows a
// single value where an array may stand, so a value that is not an array
// gives a one-item slice, and a missing or null one an empty slice.
func (v Value) Array() []Value {
	if v.v == nil || v.v.Type() == fastjson.TypeNull {
		return nil
	}
	if v.v.Type() != fastjson.TypeArray {
		return []Value{v}
	}
	items := v.v.GetArray()
	out := make([]Value, len(items))
	for i, it := range items {
		out[i] = Value{d: v.d, v: it}
	}
	return out
}

// Raw returns the value as JSON; nil when the property is missing.
func (v Value) Raw() json.RawMessage {
	if v.v == nil {
		return nil
	}
	return appendJSON(nil, v.v)
}
