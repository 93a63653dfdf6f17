// Package jcs implements the JSON Canonicalization Scheme (JCS) of RFC
// 8785: one byte sequence for every JSON text that means the same data, so
// that the data can be hashed and signed. The eddsa-jcs-2022 cryptosuite
// of Data Integrity, which FEP-8b32 object integrity proofs use, hashes
// documents in this form.
//
// # Canonical form
//
// [Canonicalize] parses a JSON text (RFC 8259) and writes it again as
// RFC 8785 section 3.2 says:
//
//   - no whitespace between tokens;
//   - the members of every object sorted by their names, compared as
//     arrays of UTF-16 code units (section 3.2.3), so that U+10000 (a
//     surrogate pair) sorts before U+FFFF; arrays keep their order;
//   - strings with the escapes ECMAScript's JSON.stringify uses (section
//     3.2.2.2): \b \t \n \f \r \" \\, \u00xx in lower case for the other
//     control characters, every other character as itself in UTF-8;
//   - numbers read as IEEE 754 doubles and written as ECMAScript's
//     Number.prototype.toString writes them (section 3.2.2.3): 1.0 is 1,
//     -0 is 0, 1e21 is 1e+21, 1e-7 is 1e-7 but 0.000001 stays as it is;
//   - true, false and null as they are.
//
// # What is refused
//
// The input must be I-JSON (RFC 7493), as section 3.1 requires. An error
// matches [ErrSyntax] for text that is not JSON, [ErrInvalidString] for
// invalid UTF-8 and for escapes that leave a lone surrogate,
// [ErrDuplicateName] for an object with two members of the same name
// (after unescaping: "a" and "\u0061" are the same name), [ErrNumberRange]
// for a number too large for a double, and [ErrTooDeep] for nesting deeper
// than [MaxDepth]. Numbers too small for a double become 0, as in
// ECMAScript.
package jcs
