package webfinger

import (
	"encoding/json"
	"reflect"
	"testing"
)

// FuzzParseJRD checks that the JRD parser never panics and that what it
// accepts encodes and parses back to the same value.
func FuzzParseJRD(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		j, err := ParseJRD(data)
		if err != nil {
			return
		}
		out, err := json.Marshal(j)
		if err != nil {
			t.Fatalf("marshal: %v", err)
		}
		back, err := ParseJRD(out)
		if err != nil {
			t.Fatalf("reparse %s: %v", out, err)
		}
		if !reflect.DeepEqual(normalizeJRD(j), normalizeJRD(back)) {
			t.Fatalf("round trip changed %+v into %+v", j, back)
		}
		_, _ = j.ActorLink()
	})
}

// normalizeJRD turns empty slices and maps into nil, as omitempty drops
// them.
func normalizeJRD(j *JRD) *JRD {
	c := *j
	if len(c.Aliases) == 0 {
		c.Aliases = nil
	}
	if len(c.Properties) == 0 {
		c.Properties = nil
	}
	if len(c.Links) == 0 {
		c.Links = nil
	}
	for i := range c.Links {
		l := &c.Links[i]
		if len(l.Titles) == 0 {
			l.Titles = nil
		}
		if len(l.Properties) == 0 {
			l.Properties = nil
		}
	}
	return &c
}

// FuzzParseXRD checks that the XRD parser never panics and that what it
// accepts survives the handler's writer.
func FuzzParseXRD(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		x, err := ParseXRD(data)
		if err != nil {
			return
		}
		for i := range x.Links {
			x.Links[i].Titles = nil // the writer keeps no titles
		}
		back, err := ParseXRD(x.marshal())
		if err != nil {
			t.Fatalf("reparse: %v", err)
		}
		if !reflect.DeepEqual(x, back) {
			t.Fatalf("round trip changed %+v into %+v", x, back)
		}
	})
}

// FuzzParseAcct checks that account parsing never panics and that a
// normalized account parses to itself.
func FuzzParseAcct(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		a, err := ParseAcct(s)
		if err != nil {
			return
		}
		b, err := ParseAcct(a.String())
		if err != nil {
			t.Fatalf("%q normalized to %q, which does not parse: %v", s, a.String(), err)
		}
		if a != b {
			t.Fatalf("%q: %+v then %+v", s, a, b)
		}
		_, _, _, _ = parseResource(s)
	})
}
