package jcs_test

import (
	"fmt"

	"github.com/fedikit/fedikit/internal/jcs"
)

// Members are sorted, whitespace dropped, numbers and strings written as
// ECMAScript writes them.
func ExampleCanonicalize() {
	out, err := jcs.Canonicalize([]byte(`{
		"type": "Note",
		"content": "caf\u00e9 \ud83d\ude00",
		"location": {"longitude": -71.184902, "latitude": 25.2739620, "altitude": 1E3},
		"@context": "https://www.w3.org/ns/activitystreams"
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(string(out))

	_, err = jcs.Canonicalize([]byte(`{"a": 1, "\u0061": 2}`))
	fmt.Println(err)
	// Output:
	// {"@context":"https://www.w3.org/ns/activitystreams","content":"café 😀","location":{"altitude":1000,"latitude":25.273962,"longitude":-71.184902},"type":"Note"}
	// jcs: duplicate property name at offset 9
}
