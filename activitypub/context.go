package activitypub

import (
	"strings"

	"github.com/valyala/fastjson"
)

// builtinPrefixes are the prefixes servers use without declaring them,
// because the contexts they name declare them.
var builtinPrefixes = map[string]string{
	"as":       NSActivityStreams,
	"toot":     NSMastodon,
	"schema":   NSSchema,
	"sc":       NSSchema,
	"sec":      NSSecurity,
	"pt":       NSPeerTube,
	"misskey":  NSMisskey,
	"fedibird": NSFedibird,
	"gts":      NSGoToSocial,
	"ostatus":  NSOStatus,
	"litepub":  NSLitePub,
}

// Context is what this package reads of a document's @context: the
// context URLs it names and the terms and prefixes it defines inline. It
// never fetches a context; the terms of well-known contexts are built in.
type Context struct {
	// URLs are the context documents the @context names, in order.
	URLs []string
	// terms maps a defined term or prefix to its IRI, canonicalized.
	terms map[string]string
}

// parseContext reads an @context value: a URL, an object of term
// definitions, or an array of both.
func parseContext(v *fastjson.Value) *Context {
	c := &Context{}
	if v == nil {
		return c
	}
	raw := map[string]string{}
	var read func(v *fastjson.Value)
	read = func(v *fastjson.Value) {
		switch v.Type() {
		case fastjson.TypeString:
			c.URLs = append(c.URLs, string(v.GetStringBytes()))
		case fastjson.TypeArray:
			for _, e := range v.GetArray() {
				if e.Type() != fastjson.TypeArray {
					read(e)
				}
			}
		case fastjson.TypeObject:
			v.GetObject().Visit(func(k []byte, d *fastjson.Value) {
				switch d.Type() {
				case fastjson.TypeString:
					raw[string(k)] = string(d.GetStringBytes())
				case fastjson.TypeObject:
					if id := d.GetStringBytes("@id"); id != nil {
						raw[string(k)] = string(id)
					}
				}
			})
		}
	}
	read(v)
	if len(raw) == 0 {
		return c
	}
	c.terms = make(map[string]string, len(raw))
	for k, d := range raw {
		c.terms[k] = c.resolve(raw, d)
	}
	return c
}

// resolve expands a compact IRI of a term definition with the prefixes
// defined beside it (or built in).
func (c *Context) resolve(raw map[string]string, d string) string {
	if strings.HasPrefix(d, "http://") || strings.HasPrefix(d, "https://") {
		return canonicalIRI(d)
	}
	if p, suffix, ok := strings.Cut(d, ":"); ok {
		if pi, ok := raw[p]; ok && strings.Contains(pi, "://") {
			return canonicalIRI(pi + suffix)
		}
		if pi, ok := builtinPrefixes[p]; ok {
			return pi + suffix
		}
	}
	if iri := builtinIRI(d); iri != "" {
		return iri
	}
	return d
}

// prefixIRI returns the IRI a prefix stands for in this context.
func (c *Context) prefixIRI(p string) (string, bool) {
	if iri, ok := c.terms[p]; ok && strings.Contains(iri, "://") {
		return iri, true
	}
	iri, ok := builtinPrefixes[p]
	return iri, ok
}

// Expand returns the full IRI of a property or type name as this context
// reads it: a term it defines, a compact IRI ("toot:blurhash") with a
// known prefix, a full IRI, or a term this package knows. It returns "" for
// a name it cannot expand and the name itself for keywords ("@id").
func (c *Context) Expand(name string) string {
	if strings.HasPrefix(name, "@") {
		return name
	}
	if iri, ok := c.terms[name]; ok {
		return iri
	}
	if strings.HasPrefix(name, "http://") || strings.HasPrefix(name, "https://") {
		return canonicalIRI(name)
	}
	if p, suffix, ok := strings.Cut(name, ":"); ok {
		if pi, ok := c.prefixIRI(p); ok {
			return pi + suffix
		}
		return ""
	}
	return builtinIRI(name)
}

// target returns the IRI a caller means by a property name: for a bare
// term this package knows, its built-in meaning (a document may define
// the same word otherwise); for anything else, what the context makes of
// it.
func (c *Context) target(name string) string {
	if !strings.ContainsRune(name, ':') && !strings.HasPrefix(name, "@") {
		if iri := builtinIRI(name); iri != "" {
			return iri
		}
	}
	return c.Expand(name)
}

// matches reports whether a key of an object stands for the property whose
// full IRI is iri (already canonical), without allocating in the usual
// cases.
func (c *Context) matches(key, iri string) bool {
	if iri == "" {
		return false
	}
	if t, ok := c.terms[key]; ok {
		return t == iri
	}
	if p, suffix, ok := strings.Cut(key, ":"); ok {
		if p == "http" || p == "https" {
			return canonicalIRI(key) == iri
		}
		if pi, ok := c.prefixIRI(p); ok {
			return len(iri) == len(pi)+len(suffix) && strings.HasPrefix(iri, pi) && strings.HasSuffix(iri, suffix)
		}
		return false
	}
	return builtinIRI(key) == iri
}

// declares reports whether the context declares name (inline or through a
// context URL this package knows declares it).
func (c *Context) declares(name string) bool {
	if _, ok := c.terms[name]; ok {
		return true
	}
	if isASTerm(name) {
		return c.hasURL(ContextActivityStreams)
	}
	if t, ok := extTerms[name]; ok && t.context != "" {
		return c.hasURL(t.context)
	}
	return false
}

func (c *Context) hasURL(u string) bool {
	for _, x := range c.URLs {
		if x == u || strings.TrimSuffix(x, ".jsonld") == u {
			return true
		}
	}
	return false
}
