// Package sfv parses and serializes Structured Field Values for HTTP, as
// defined by RFC 8941.
//
// The httpsig package uses it for the fields of HTTP Message Signatures
// (RFC 9421: Signature-Input, Signature, Accept-Signature), for the digest
// fields of RFC 9530 (Content-Digest, Repr-Digest), and to re-serialize a
// field for the "sf" and "key" component parameters of RFC 9421.
//
// # Values
//
// A field is one of three top-level types, each with its own parser and
// serializer:
//
//   - a [List] ([ParseList], [MarshalList]) of members;
//   - a [Dictionary] ([ParseDictionary], [MarshalDictionary]) of keyed
//     members;
//   - a single [Item] ([ParseItem], [MarshalItem]).
//
// A member ([Member]) is either an [Item] or an [InnerList]. Items and inner
// lists carry [Params]. Dictionaries and parameters keep the order in which
// their keys first appeared; when a key repeats while parsing, the later
// value replaces the earlier one in its original position, as RFC 8941
// requires.
//
// Bare item values are plain Go values:
//
//	RFC 8941 type   Go type
//	Integer         int64
//	Decimal         sfv.Decimal
//	String          string
//	Token           sfv.Token
//	Byte Sequence   []byte
//	Boolean         bool
//
// The parsers always produce exactly these types. The serializers also take
// the other Go integer types (int, int32, uint8, …) as Integers and float64
// as a Decimal, for convenience when building values by hand.
//
// # Errors
//
// Parse errors are [*Error] values that carry the byte offset in the input
// at which parsing failed. The serializers return an [*Error] with Offset -1
// for values that RFC 8941 cannot represent: invalid keys or tokens,
// strings with characters outside printable ASCII, numbers out of range,
// and unsupported Go types.
//
// The types added by RFC 9651 (Date and Display String) are not supported;
// the parsers reject them as RFC 8941 does.
package sfv
