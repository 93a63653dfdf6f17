package activitypub

import (
	"fmt"
	"io"
	"strconv"
	"sync"
	"unicode/utf8"

	vocab "github.com/go-ap/activitypub"
	"github.com/valyala/fastjson"
)

// Default limits of [Decode].
const (
	DefaultMaxSize        = 1 << 20
	DefaultMaxDepth       = 64
	DefaultMaxArrayLength = 10000
)

// DecodeOptions sets the limits of [Decode]. The zero value of each field
// means its default.
type DecodeOptions struct {
	// MaxSize is the largest document, in bytes. Default
	// [DefaultMaxSize].
	MaxSize int
	// MaxDepth is the deepest nesting of objects and arrays. Default
	// [DefaultMaxDepth].
	MaxDepth int
	// MaxArrayLength is the longest array. Default [DefaultMaxArrayLength].
	MaxArrayLength int
}

// Document is a decoded ActivityStreams document. It keeps the document as
// it was received, every property and the @context included, so that
// encoding it gives the same JSON back; [Document.Item] gives go-ap's typed
// view of it, and [Document.Root] the view of every property, extensions
// included, by name, compact IRI or full IRI.
//
// A Document may be read from several goroutines at once (Root, Get, Item,
// MarshalJSON); changing it (Set, Delete) needs exclusive access.
type Document struct {
	root  *fastjson.Value
	ctx   *Context
	arena fastjson.Arena
	// parsers keep alive the memory of the values they parsed.
	parsers []*fastjson.Parser

	mu    sync.Mutex // guards item and stale
	item  vocab.Item
	stale bool // item must be rebuilt from the tree
}

// Decode decodes an ActivityStreams document (application/activity+json or
// application/ld+json with the ActivityStreams profile). It makes no
// network request: contexts named by URL are not fetched. opts may be nil.
func Decode(data []byte, opts *DecodeOptions) (*Document, error) {
	maxSize, maxDepth, maxArray := DefaultMaxSize, DefaultMaxDepth, DefaultMaxArrayLength
	if opts != nil {
		if opts.MaxSize > 0 {
			maxSize = opts.MaxSize
		}
		if opts.MaxDepth > 0 {
			maxDepth = opts.MaxDepth
		}
		if opts.MaxArrayLength > 0 {
			maxArray = opts.MaxArrayLength
		}
	}
	if len(data) > maxSize {
		return nil, &DecodeError{Path: "$", Err: ErrTooLarge, Reason: fmt.Sprintf("%d bytes, limit %d", len(data), maxSize)}
	}
	// The parser keeps pointers into its input: give it its own copy. It
	// is also lenient (raw control characters, numbers such as "."), so
	// the input is validated strictly first.
	text := string(data)
	if !utf8.ValidString(text) {
		return nil, &DecodeError{Path: "$", Err: ErrMalformed, Reason: "invalid UTF-8"}
	}
	if err := fastjson.Validate(text); err != nil {
		return nil, &DecodeError{Path: "$", Err: ErrMalformed, Reason: "invalid JSON"}
	}
	p := new(fastjson.Parser)
	root, err := p.Parse(text)
	if err != nil {
		return nil, &DecodeError{Path: "$", Err: ErrMalformed, Reason: "invalid JSON"}
	}
	if root.Type() != fastjson.TypeObject {
		return nil, &DecodeError{Path: "$", Err: ErrMalformed, Reason: "not a JSON object"}
	}
	if err := checkLimits(root, maxDepth, maxArray); err != nil {
		return nil, err
	}
	d := &Document{root: root, ctx: parseContext(root.Get("@context")), parsers: []*fastjson.Parser{p}}
	d.item = loadItem(root)
	return d, nil
}

// loadItem builds go-ap's view of an object. go-ap is given only documents
// within the limits; a panic in it is contained, leaving no typed view.
func loadItem(v *fastjson.Value) (it vocab.Item) {
	defer func() {
		if recover() != nil {
			it = nil
		}
	}()
	return vocab.JSONUnmarshalToItem(v)
}

// checkLimits walks the tree and refuses one that nests too deep or has
// too long an array. The path is built only when a limit is hit. Walking
// every value also makes the parser finish its lazy work (unescaping keys
// and strings), so that reading the tree afterwards never writes to it and
// concurrent reads are safe.
func checkLimits(root *fastjson.Value, maxDepth, maxArray int) error {
	var walk func(v *fastjson.Value, depth int) (path []string, err error)
	walk = func(v *fastjson.Value, depth int) ([]string, error) {
		switch v.Type() {
		case fastjson.TypeObject:
			if depth >= maxDepth {
				return nil, ErrTooDeep
			}
			var (
				path []string
				err  error
			)
			v.GetObject().Visit(func(k []byte, c *fastjson.Value) {
				if err != nil {
					return
				}
				if path, err = walk(c, depth+1); err != nil {
					path = append(path, "."+string(k))
				}
			})
			return path, err
		case fastjson.TypeArray:
			if depth >= maxDepth {
				return nil, ErrTooDeep
			}
			a := v.GetArray()
			if len(a) > maxArray {
				return nil, ErrTooLong
			}
			for i, c := range a {
				if path, err := walk(c, depth+1); err != nil {
					return append(path, "["+strconv.Itoa(i)+"]"), err
				}
			}
		}
		return nil, nil
	}
	rev, err := walk(root, 0)
	if err == nil {
		return nil
	}
	path := "$"
	for i := len(rev) - 1; i >= 0; i-- {
		path += rev[i]
	}
	reason := fmt.Sprintf("limit %d", maxDepth)
	if err == ErrTooLong {
		reason = fmt.Sprintf("limit %d items", maxArray)
	}
	return &DecodeError{Path: path, Err: err, Reason: reason}
}

// New returns a new document of the given type, with the ActivityStreams
// context. Extension terms that are set on it are declared in its context
// as they are added.
func New(typ string) *Document {
	d := &Document{ctx: &Context{URLs: []string{ContextActivityStreams}}}
	d.root = d.arena.NewObject()
	d.root.Set("@context", d.arena.NewString(ContextActivityStreams))
	d.root.Set("type", d.arena.NewString(typ))
	d.stale = true
	return d
}

// Root returns the document's top-level object.
func (d *Document) Root() Object { return Object{d: d, v: d.root} }

// Context returns what the document's @context declares.
func (d *Document) Context() *Context { return d.ctx }

// Item returns go-ap's typed view of the document: a *vocab.Object,
// *vocab.Activity, *vocab.Actor and so on, by type. It is nil for types
// go-ap does not know as top-level objects. It reflects changes made
// through [Object.Set]; changes made to the returned item are not written
// back into the document.
func (d *Document) Item() vocab.Item {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.stale {
		d.item = loadItem(d.root)
		d.stale = false
	}
	return d.item
}

// MarshalJSON encodes the document: every property it was decoded with or
// was given since.
func (d *Document) MarshalJSON() ([]byte, error) {
	return appendJSON(make([]byte, 0, 1024), d.root), nil
}

// AppendJSON appends the encoded document to b.
func (d *Document) AppendJSON(b []byte) []byte { return appendJSON(b, d.root) }

// WriteTo writes the encoded document to w.
func (d *Document) WriteTo(w io.Writer) (int64, error) {
	n, err := w.Write(appendJSON(make([]byte, 0, 1024), d.root))
	return int64(n), err
}

// appendJSON encodes v as strict JSON. (The parser's own encoder writes
// some control characters in Go's escape syntax, which JSON does not
// have.)
func appendJSON(dst []byte, v *fastjson.Value) []byte {
	switch v.Type() {
	case fastjson.TypeObject:
		dst = append(dst, '{')
		first := true
		v.GetObject().Visit(func(k []byte, c *fastjson.Value) {
			if !first {
				dst = append(dst, ',')
			}
			first = false
			dst = appendString(dst, k)
			dst = append(dst, ':')
			dst = appendJSON(dst, c)
		})
		return append(dst, '}')
	case fastjson.TypeArray:
		dst = append(dst, '[')
		for i, c := range v.GetArray() {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendJSON(dst, c)
		}
		return append(dst, ']')
	case fastjson.TypeString:
		return appendString(dst, v.GetStringBytes())
	}
	// Numbers keep the text they were written with; true, false, null.
	return v.MarshalTo(dst)
}

// appendString writes s as a JSON string. s is valid UTF-8: Decode
// refuses anything else, and strings set later come from Go strings that
// the arena keeps as they are.
func appendString(dst, s []byte) []byte {
	const hexDigits = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		dst = append(dst, s[start:i]...)
		switch c {
		case '"', '\\':
			dst = append(dst, '\\', c)
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\r':
			dst = append(dst, '\\', 'r')
		case '\t':
			dst = append(dst, '\\', 't')
		default:
			dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&15])
		}
		start = i + 1
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
