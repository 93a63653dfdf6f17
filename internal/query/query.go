package query

import (
	"cmp"
	"encoding"
	"fmt"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Values encodes the exported, tagged fields of opts into url.Values, by
// the rules of the package documentation. opts is a struct or a pointer
// to one; nil, or a nil pointer, gives empty values. Any other opts, and
// a field whose tag or type is not supported, give an error that names
// the field. The values returned are never nil when the error is nil.
func Values(opts any) (url.Values, error) {
	vals := url.Values{}
	if opts == nil {
		return vals, nil
	}
	v := reflect.ValueOf(opts)
	t := v.Type()
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return nil, fmt.Errorf("query: options must be a struct or a pointer to one, not %s", v.Type())
	}
	// The fields are checked before a nil pointer is looked at, so that a
	// badly tagged struct fails even when the caller passes no options.
	fields, err := fieldsOf(t)
	if err != nil {
		return nil, err
	}
	v, ok := deref(v)
	if !ok {
		return vals, nil
	}
	for _, f := range fields {
		fv, err := v.FieldByIndexErr(f.index)
		if err != nil {
			// A nil embedded pointer: the fields it would hold are left out.
			continue
		}
		if err := f.encode(fv, vals); err != nil {
			return nil, err
		}
	}
	return vals, nil
}

// AddTo returns path with opts, encoded by [Values], as its query. When
// path already has a query the two are merged: a parameter that opts sets
// replaces the one of the same name in path, and the others of path are
// kept. The merged query is written again with its names sorted. When
// opts encodes to nothing, path is returned unchanged. A fragment (#…)
// stays at the end.
//
// The error never quotes path, which may hold a token.
func AddTo(path string, opts any) (string, error) {
	vals, err := Values(opts)
	if err != nil {
		return "", err
	}
	if len(vals) == 0 {
		return path, nil
	}
	rest, fragment, hasFragment := strings.Cut(path, "#")
	base, raw, _ := strings.Cut(rest, "?")
	merged, err := url.ParseQuery(raw)
	if err != nil {
		return "", fmt.Errorf("query: malformed query in path: %w", err)
	}
	for name, vs := range vals {
		merged[name] = vs
	}
	out := base + "?" + merged.Encode()
	if hasFragment {
		out += "#" + fragment
	}
	return out, nil
}

// shape says how a field's value maps onto parameters.
type shape int

const (
	// scalarShape is one value, or a pointer to one: one parameter.
	scalarShape shape = iota
	// sliceShape is a slice of values: one parameter per element.
	sliceShape
	// mapShape is a map from strings to values: one parameter per entry.
	mapShape
)

// encoder writes one value (never a pointer) of the type it was chosen
// for, and says whether the value counts as empty for omitempty.
type encoder func(v reflect.Value) (s string, zero bool, err error)

// field is one tagged field of an options struct, found by fieldsOf.
type field struct {
	name      string // the parameter name from the tag
	omitEmpty bool
	index     []int  // for reflect.Value.FieldByIndexErr, through embedded structs
	goName    string // such as mastodon.ListOptions.Limit, for errors
	shape     shape
	pointer   bool    // a scalarShape field holds a pointer
	enc       encoder // for the value, the element or the map value
}

// fieldsOf lists the tagged fields of the struct type t, those of
// untagged embedded structs included, and checks their tags and types.
func fieldsOf(t reflect.Type) ([]field, error) {
	c := collector{names: map[string]string{}}
	if err := c.collect(t, nil, t.String(), []reflect.Type{t}); err != nil {
		return nil, err
	}
	return c.fields, nil
}

// collector gathers the fields of one options struct type.
type collector struct {
	fields []field
	names  map[string]string // parameter name → goName of its field
}

// collect adds the fields of struct type t, reached through the field
// indexes index and named goName. outer lists the embedded struct types
// being walked, t last, to catch a type that embeds itself.
func (c *collector) collect(t reflect.Type, index []int, goName string, outer []reflect.Type) error {
	for i := range t.NumField() {
		sf := t.Field(i)
		fieldIndex := append(slices.Clip(index), i)
		fieldName := goName + "." + sf.Name
		tag, tagged := sf.Tag.Lookup("url")
		if tag == "-" {
			continue
		}
		if !tagged {
			et := sf.Type
			if et.Kind() == reflect.Pointer {
				et = et.Elem()
			}
			if !sf.Anonymous || et.Kind() != reflect.Struct {
				continue
			}
			if slices.Contains(outer, et) {
				return fmt.Errorf("query: field %s: %s embeds itself", fieldName, et)
			}
			if err := c.collect(et, fieldIndex, fieldName, append(outer, et)); err != nil {
				return err
			}
			continue
		}
		if !sf.IsExported() {
			return fmt.Errorf("query: field %s has a url tag but is not exported", fieldName)
		}
		name, omitEmpty, err := parseTag(tag)
		if err != nil {
			return fmt.Errorf("query: field %s: %w", fieldName, err)
		}
		if other, dup := c.names[name]; dup {
			return fmt.Errorf("query: fields %s and %s have the same name %q", other, fieldName, name)
		}
		c.names[name] = fieldName
		f := field{name: name, omitEmpty: omitEmpty, index: fieldIndex, goName: fieldName}
		if err := f.setType(sf.Type); err != nil {
			return fmt.Errorf("query: field %s: %w", fieldName, err)
		}
		c.fields = append(c.fields, f)
	}
	return nil
}

// parseTag splits a url tag other than "-" into its name and options.
func parseTag(tag string) (name string, omitEmpty bool, err error) {
	name, opts, hasOpts := strings.Cut(tag, ",")
	if name == "" {
		return "", false, fmt.Errorf("url tag %q has no name", tag)
	}
	if !hasOpts {
		return name, false, nil
	}
	for opt := range strings.SplitSeq(opts, ",") {
		if opt != "omitempty" {
			return "", false, fmt.Errorf("url tag %q has an unknown option %q", tag, opt)
		}
		omitEmpty = true
	}
	return name, omitEmpty, nil
}

// setType chooses the shape and encoder of a field of type t.
func (f *field) setType(t reflect.Type) error {
	elem, pointer := derefType(t)
	if enc := scalarEncoder(elem); enc != nil {
		f.shape, f.pointer, f.enc = scalarShape, pointer, enc
		return nil
	}
	if pointer {
		return fmt.Errorf("unsupported type %s", t)
	}
	switch t.Kind() {
	case reflect.Slice:
		if enc := scalarEncoder(derefTypeOnly(t.Elem())); enc != nil {
			f.shape, f.enc = sliceShape, enc
			return nil
		}
	case reflect.Map:
		if t.Key().Kind() != reflect.String {
			return fmt.Errorf("unsupported type %s: map keys must be strings", t)
		}
		if enc := scalarEncoder(derefTypeOnly(t.Elem())); enc != nil {
			f.shape, f.enc = mapShape, enc
			return nil
		}
	}
	return fmt.Errorf("unsupported type %s", t)
}

// derefType follows pointer types down to the type they point to, and
// says whether there was one.
func derefType(t reflect.Type) (reflect.Type, bool) {
	pointer := false
	for t.Kind() == reflect.Pointer {
		t, pointer = t.Elem(), true
	}
	return t, pointer
}

// derefTypeOnly is derefType without the report.
func derefTypeOnly(t reflect.Type) reflect.Type {
	t, _ = derefType(t)
	return t
}

// deref follows pointers down to the value they point to; ok is false
// when one of them is nil.
func deref(v reflect.Value) (_ reflect.Value, ok bool) {
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return reflect.Value{}, false
		}
		v = v.Elem()
	}
	return v, true
}

// scalarEncoder returns the encoder for values of type t, which is not a
// pointer type, or nil when t is not a supported scalar type.
func scalarEncoder(t reflect.Type) encoder {
	if t.Kind() == reflect.Interface {
		// A method call on a nil interface would panic, and the dynamic
		// type could be anything.
		return nil
	}
	switch {
	case t == reflect.TypeFor[time.Time]():
		return encodeTime
	case t == reflect.TypeFor[time.Duration]():
		return encodeDuration
	case implements(t, reflect.TypeFor[encoding.TextMarshaler]()):
		return encodeText
	case implements(t, reflect.TypeFor[fmt.Stringer]()):
		return encodeStringer
	}
	switch t.Kind() {
	case reflect.String:
		return func(v reflect.Value) (string, bool, error) {
			return v.String(), v.Len() == 0, nil
		}
	case reflect.Bool:
		return func(v reflect.Value) (string, bool, error) {
			return strconv.FormatBool(v.Bool()), !v.Bool(), nil
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return func(v reflect.Value) (string, bool, error) {
			return strconv.FormatInt(v.Int(), 10), v.Int() == 0, nil
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return func(v reflect.Value) (string, bool, error) {
			return strconv.FormatUint(v.Uint(), 10), v.Uint() == 0, nil
		}
	case reflect.Float32, reflect.Float64:
		bits := t.Bits()
		return func(v reflect.Value) (string, bool, error) {
			// IsZero, unlike == 0, does not take -0 for zero.
			return strconv.FormatFloat(v.Float(), 'f', -1, bits), v.IsZero(), nil
		}
	}
	return nil
}

// implements reports whether values of type t, or pointers to them, have
// the methods of the interface type iface.
func implements(t, iface reflect.Type) bool {
	return t.Implements(iface) || reflect.PointerTo(t).Implements(iface)
}

// receiver returns a pointer to v, so that methods with either kind of
// receiver can be called. A value that cannot be addressed, such as a
// field of a struct passed by value or a map entry, is copied first.
func receiver(v reflect.Value) any {
	if !v.CanAddr() {
		c := reflect.New(v.Type()).Elem()
		c.Set(v)
		v = c
	}
	return v.Addr().Interface()
}

func encodeTime(v reflect.Value) (string, bool, error) {
	t := v.Interface().(time.Time)
	if t.IsZero() {
		return "", true, nil
	}
	return t.UTC().Format(time.RFC3339), false, nil
}

func encodeDuration(v reflect.Value) (string, bool, error) {
	d := time.Duration(v.Int())
	return strconv.FormatInt(int64(d/time.Second), 10), d == 0, nil
}

func encodeText(v reflect.Value) (string, bool, error) {
	text, err := receiver(v).(encoding.TextMarshaler).MarshalText()
	if err != nil {
		return "", false, err
	}
	return string(text), v.IsZero(), nil
}

func encodeStringer(v reflect.Value) (string, bool, error) {
	return receiver(v).(fmt.Stringer).String(), v.IsZero(), nil
}

// encode adds the parameters of field value v to vals.
func (f *field) encode(v reflect.Value, vals url.Values) error {
	switch f.shape {
	case scalarShape:
		elem, ok := deref(v)
		if !ok {
			if !f.omitEmpty {
				vals.Add(f.name, "")
			}
			return nil
		}
		s, zero, err := f.enc(elem)
		if err != nil {
			return f.errorf(err)
		}
		if zero && f.omitEmpty && !f.pointer {
			return nil
		}
		vals.Add(f.name, s)
	case sliceShape, mapShape:
		if v.Len() == 0 {
			if !f.omitEmpty {
				vals.Add(f.name, "")
			}
			return nil
		}
		if f.shape == sliceShape {
			for i := range v.Len() {
				s, err := f.element(v.Index(i))
				if err != nil {
					return err
				}
				vals.Add(f.name, s)
			}
			return nil
		}
		keys := v.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int { return cmp.Compare(a.String(), b.String()) })
		for _, k := range keys {
			s, err := f.element(v.MapIndex(k))
			if err != nil {
				return err
			}
			vals.Add(f.name+"["+k.String()+"]", s)
		}
	}
	return nil
}

// element writes one element of a slice or one value of a map; a nil
// pointer is written as "".
func (f *field) element(v reflect.Value) (string, error) {
	elem, ok := deref(v)
	if !ok {
		return "", nil
	}
	s, _, err := f.enc(elem)
	if err != nil {
		return "", f.errorf(err)
	}
	return s, nil
}

// errorf wraps an error from encoding the field's value.
func (f *field) errorf(err error) error {
	return fmt.Errorf("query: field %s: %w", f.goName, err)
}
