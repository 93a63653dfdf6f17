package jcs

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"testing"
)

// FuzzCanonicalize checks properties of Canonicalize that must hold for
// any input:
//
//   - it does not panic, and an error matches one of the package's;
//   - what it accepts, encoding/json accepts too (it is at least as
//     strict);
//   - its output is valid JSON without whitespace outside strings, and
//     canonicalizing it again gives the same bytes;
//   - the output means the same data as the input, read by encoding/json
//     with numbers as doubles.
func FuzzCanonicalize(f *testing.F) {
	f.Fuzz(func(t *testing.T, in []byte) {
		out, err := Canonicalize(in)
		if err != nil {
			for _, known := range []error{ErrSyntax, ErrInvalidString, ErrDuplicateName, ErrNumberRange, ErrTooDeep} {
				if errors.Is(err, known) {
					return
				}
			}
			t.Fatalf("unknown error %v", err)
		}
		if !json.Valid(in) {
			t.Fatalf("accepted %q, which encoding/json refuses", in)
		}
		if !json.Valid(out) {
			t.Fatalf("output %q of %q is not valid JSON", out, in)
		}
		again, err := Canonicalize(out)
		if err != nil {
			t.Fatalf("output %q of %q: %v", out, in, err)
		}
		if !bytes.Equal(out, again) {
			t.Fatalf("not a fixed point: %q gives %q, then %q", in, out, again)
		}
		var want, got any
		if err := json.Unmarshal(in, &want); err != nil {
			t.Fatalf("input %q: %v", in, err)
		}
		if err := json.Unmarshal(out, &got); err != nil {
			t.Fatalf("output %q: %v", out, err)
		}
		if !reflect.DeepEqual(want, got) {
			t.Fatalf("%q canonicalized to %q, which means %#v, not %#v", in, out, got, want)
		}
	})
}
