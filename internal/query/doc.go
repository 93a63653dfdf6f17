// Package query encodes the options structs of fedikit's API clients
// into URL query values, or into the values of a form body. The Mastodon
// and PeerTube clients describe the optional parameters of a request as a
// struct whose fields carry `url` tags:
//
//	type ListOptions struct {
//		MaxID     string   `url:"max_id,omitempty"`
//		Limit     int      `url:"limit,omitempty"`
//		OnlyMedia bool     `url:"only_media,omitempty"`
//		Types     []string `url:"types[],omitempty"`
//	}
//
// [Values] turns such a struct into [url.Values], and [AddTo] appends them
// to a request path as its query:
//
//	path, err := query.AddTo("api/v1/notifications", &ListOptions{Limit: 20, Types: []string{"mention", "follow"}})
//	// api/v1/notifications?limit=20&types%5B%5D=mention&types%5B%5D=follow
//
// # Tags
//
// Only fields with a `url` tag are encoded; a field without one is left
// out, so that a field added for the client's own use never reaches the
// server by accident. The tag holds the parameter's name, which is used
// exactly as written, and optionally ",omitempty":
//
//	`url:"limit"`            always sent, limit=0 when the field is 0
//	`url:"limit,omitempty"`  left out when the field is its zero value
//	`url:"-"`                never sent
//
// A tag without a name, an option other than omitempty, a tag on an
// unexported field and two fields with the same name are errors. The
// exception to "no tag, no parameter" is an embedded struct, or pointer
// to one: without a tag its fields are encoded as if they were fields of
// the outer struct, which lets several options structs share a common
// part. A nil embedded pointer contributes nothing.
//
// # Types
//
// A field's value is written as follows:
//
//   - string, and named types such as type Visibility string, as is;
//   - bool as "true" or "false";
//   - every integer kind in base 10;
//   - float32 and float64 in the shortest decimal form without an
//     exponent, as [strconv.FormatFloat] with 'f' and -1 writes it;
//   - [time.Time] in RFC 3339 in UTC, with the fraction of a second cut
//     off: 2024-05-06T05:08:09Z;
//   - [time.Duration] as a whole number of seconds, cut toward zero;
//   - any other type that implements [encoding.TextMarshaler] as the text
//     it marshals to, or failing that one that implements [fmt.Stringer]
//     as its String (TextMarshaler is tried first);
//   - a pointer to any of these as the value it points to;
//   - a slice of any of these (or of pointers to them) as one parameter
//     per element, all with the same name, so `url:"types[]"` gives
//     types[]=a&types[]=b: write the brackets in the tag when the server
//     wants them, as Mastodon does, and leave them out for servers that
//     take a repeated plain name, as PeerTube does;
//   - a map from a string type to any of these as one parameter per
//     entry named name[key], in the order of the keys, so the tag
//     `url:"data[alerts]"` on a map[string]bool gives
//     data[alerts][follow]=true&data[alerts][mention]=false, the
//     bracketed form Mastodon reads nested parameters in.
//
// Any other type (a struct, an interface, a channel, a slice of slices,
// a pointer to a slice) is an error that names the field. The check is
// made on the type, so it fails the same way whatever the field holds.
//
// # Empty values
//
// With omitempty a field is left out when it holds its type's zero value:
// "", 0, false, the zero [time.Time], an empty slice or map, a nil
// pointer. A pointer that is not nil is always sent, whatever it points
// to; this is how an option whose server-side default is true is set to
// false:
//
//	type Options struct {
//		Sensitive *bool `url:"sensitive,omitempty"`
//	}
//	f := false
//	query.Values(Options{Sensitive: &f}) // sensitive=false
//	query.Values(Options{})              // nothing
//
// Without omitempty a field is always sent. A zero number or false is
// sent as such. A nil pointer, the zero time, and an empty slice or map,
// which have no written form, are sent as the name with an empty value.
//
// The functions of this package keep no state and are safe for
// concurrent use.
package query
