package sfv

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// item is shorthand for an Item with parameters.
func item(v any, ps ...Param) Item {
	if len(ps) == 0 {
		return Item{Value: v}
	}
	return Item{Value: v, Params: ps}
}

func TestParseItem(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want Item
	}{
		// Integers.
		{"42", item(int64(42))},
		{"-42", item(int64(-42))},
		{"0", item(int64(0))},
		{"-0", item(int64(0))},
		{"0042", item(int64(42))},
		{"999999999999999", item(int64(999999999999999))},
		{"-999999999999999", item(int64(-999999999999999))},
		// Decimals.
		{"1.5", item(Decimal(1.5))},
		{"-1.5", item(Decimal(-1.5))},
		{"4.5", item(Decimal(4.5))},
		{"0.001", item(Decimal(0.001))},
		{"1.230", item(Decimal(1.23))},
		{"123456789012.123", item(Decimal(123456789012.123))},
		{"-123456789012.999", item(Decimal(-123456789012.999))},
		// Strings.
		{`"hello world"`, item("hello world")},
		{`""`, item("")},
		{`"a \"quoted\" word"`, item(`a "quoted" word`)},
		{`"back\\slash"`, item(`back\slash`)},
		{`"\\"`, item(`\`)},
		{`" !#~"`, item(` !#~`)},
		// Tokens.
		{"foo123/456", item(Token("foo123/456"))},
		{"*", item(Token("*"))},
		{"*foo", item(Token("*foo"))},
		{"FooBar", item(Token("FooBar"))},
		{"text/html", item(Token("text/html"))},
		{"a:b!#$%&'*+-.^_`|~", item(Token("a:b!#$%&'*+-.^_`|~"))},
		// Byte sequences.
		{":cHJldGVuZCB0aGlzIGlzIGJpbmFyeSBjb250ZW50Lg==:", item([]byte("pretend this is binary content."))},
		{"::", item([]byte{})},
		{":aGVsbG8=:", item([]byte("hello"))},
		{":aGVsbG8:", item([]byte("hello"))}, // padding may be omitted
		{":aGk=:", item([]byte("hi"))},       // one pad character
		{":aQ==:", item([]byte("i"))},        // two pad characters
		{":aQ:", item([]byte("i"))},          // two omitted
		{":iZ==:", item([]byte{0x89})},       // non-zero pad bits
		{":/+Ah:", item([]byte{0xff, 0xe0, 0x21})},
		// Booleans.
		{"?1", item(true)},
		{"?0", item(false)},
		// Surrounding spaces.
		{"  42  ", item(int64(42))},
		// Parameters.
		{"1;a", item(int64(1), Param{"a", true})},
		{"1;a=?0", item(int64(1), Param{"a", false})},
		{"1; a=1;b=2", item(int64(1), Param{"a", int64(1)}, Param{"b", int64(2)})},
		{`"x";a="y";b=z;c=:AA==:;d=2.5;*e=-1`, item("x",
			Param{"a", "y"}, Param{"b", Token("z")}, Param{"c", []byte{0}},
			Param{"d", Decimal(2.5)}, Param{"*e", int64(-1)})},
		{"1;a=1;b=2;a=3", item(int64(1), Param{"a", int64(3)}, Param{"b", int64(2)})},
		{"1;k_-.*9=1", item(int64(1), Param{"k_-.*9", int64(1)})},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, err := ParseItem(tt.in)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestParseList(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want List
	}{
		{"", nil},
		{"   ", nil},
		{"sugar, tea, rum", List{item(Token("sugar")), item(Token("tea")), item(Token("rum"))}},
		{"sugar,tea,rum", List{item(Token("sugar")), item(Token("tea")), item(Token("rum"))}},
		{"sugar \t,\t tea", List{item(Token("sugar")), item(Token("tea"))}},
		{"1 \t", List{item(int64(1))}},
		{`("foo" "bar"), ("baz"), ("bat" "one"), ()`, List{
			InnerList{Items: []Item{item("foo"), item("bar")}},
			InnerList{Items: []Item{item("baz")}},
			InnerList{Items: []Item{item("bat"), item("one")}},
			InnerList{},
		}},
		{`("foo"; a=1;b=2);lvl=5, ("bar" "baz");lvl=1`, List{
			InnerList{
				Items:  []Item{item("foo", Param{"a", int64(1)}, Param{"b", int64(2)})},
				Params: Params{{"lvl", int64(5)}},
			},
			InnerList{Items: []Item{item("bar"), item("baz")}, Params: Params{{"lvl", int64(1)}}},
		}},
		{"abc;a=1;b=2; cde_456, (ghi;jk=4 l);q=\"9\";r=w", List{
			item(Token("abc"), Param{"a", int64(1)}, Param{"b", int64(2)}, Param{"cde_456", true}),
			InnerList{
				Items:  []Item{item(Token("ghi"), Param{"jk", int64(4)}), item(Token("l"))},
				Params: Params{{"q", "9"}, {"r", Token("w")}},
			},
		}},
		{"(  1   2  )", List{InnerList{Items: []Item{item(int64(1)), item(int64(2))}}}},
		{"( )", List{InnerList{}}},
		{"1, 1", List{item(int64(1)), item(int64(1))}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, err := ParseList(tt.in)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestParseDictionary(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want Dictionary
	}{
		{"", nil},
		{"  ", nil},
		{`en="Applepie", da=:w4ZibGV0w6ZydGUK:`, Dictionary{
			{"en", item("Applepie")},
			{"da", item([]byte("\xc3\x86blet\xc3\xa6rte\n"))},
		}},
		{"a=?0, b, c; foo=bar", Dictionary{
			{"a", item(false)},
			{"b", item(true)},
			{"c", item(true, Param{"foo", Token("bar")})},
		}},
		{"rating=1.5, feelings=(joy sadness)", Dictionary{
			{"rating", item(Decimal(1.5))},
			{"feelings", InnerList{Items: []Item{item(Token("joy")), item(Token("sadness"))}}},
		}},
		{"a=(1 2), b=3, c=4;aa=bb, d=(5 6);valid", Dictionary{
			{"a", InnerList{Items: []Item{item(int64(1)), item(int64(2))}}},
			{"b", item(int64(3))},
			{"c", item(int64(4), Param{"aa", Token("bb")})},
			{"d", InnerList{Items: []Item{item(int64(5)), item(int64(6))}, Params: Params{{"valid", true}}}},
		}},
		{"a=1,b=2", Dictionary{{"a", item(int64(1))}, {"b", item(int64(2))}}},
		{"a=1\t ,\t b=2 ", Dictionary{{"a", item(int64(1))}, {"b", item(int64(2))}}},
		// A repeated key keeps its first position and takes the last value.
		{"a=1, b=2, a=3", Dictionary{{"a", item(int64(3))}, {"b", item(int64(2))}}},
		{"a=1, b=2, a", Dictionary{{"a", item(true)}, {"b", item(int64(2))}}},
		{"*a=1, a*-_.9=2", Dictionary{{"*a", item(int64(1))}, {"a*-_.9", item(int64(2))}}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, err := ParseDictionary(tt.in)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

// TestParseManyDuplicateKeys covers the map-based duplicate detection used
// beyond linearKeys keys.
func TestParseManyDuplicateKeys(t *testing.T) {
	t.Parallel()
	var in strings.Builder
	const n = 3 * linearKeys
	for i := range n {
		fmt.Fprintf(&in, "k%d=%d, ", i, i)
	}
	// Rewrite every even key, and the parameters of an item likewise.
	for i := 0; i < n; i += 2 {
		fmt.Fprintf(&in, "k%d=%d, ", i, -i)
	}
	in.WriteString("p=0")
	for i := range n {
		fmt.Fprintf(&in, ";q%d=%d", i, i)
	}
	in.WriteString(";q0=?0")

	d, err := ParseDictionary(in.String())
	require.NoError(t, err)
	require.Len(t, d, n+1)
	for i := range n {
		want := int64(i)
		if i%2 == 0 {
			want = -want
		}
		assert.Equal(t, fmt.Sprintf("k%d", i), d[i].Key)
		assert.Equal(t, item(want), d[i].Value)
	}
	p, ok := d.Get("p")
	require.True(t, ok)
	params := p.(Item).Params
	require.Len(t, params, n)
	v, ok := params.Get("q0")
	require.True(t, ok)
	assert.Equal(t, false, v)
	assert.Equal(t, "q1", params[1].Key)
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	type parseFunc func(string) error
	asItem := func(s string) error { _, err := ParseItem(s); return err }
	asList := func(s string) error { _, err := ParseList(s); return err }
	asDict := func(s string) error { _, err := ParseDictionary(s); return err }

	tests := []struct {
		name   string
		parse  parseFunc
		in     string
		offset int
	}{
		{"empty item", asItem, "", 0},
		{"spaces only item", asItem, "   ", 3},
		{"leading tab", asItem, "\t1", 0},
		{"trailing tab on item", asItem, "1\t", 1},
		{"trailing garbage", asItem, "1 2", 2},
		{"unknown start", asItem, "!", 0},
		{"non-ASCII", asItem, "é", 0},
		{"RFC 9651 date", asItem, "@1659578233", 0},
		{"RFC 9651 display string", asItem, `%"x"`, 0},

		// Numbers.
		{"minus alone", asItem, "-", 1},
		{"minus then letter", asItem, "-a", 1},
		{"16 digit integer", asItem, "1234567890123456", 15},
		{"16 digit negative integer", asItem, "-1234567890123456", 16},
		{"13 integer digits in decimal", asItem, "1234567890123.0", 13},
		{"4 fraction digits", asItem, "1.1234", 5},
		{"trailing dot", asItem, "1.", 2},
		{"dot then letter", asItem, "1.a", 2},
		{"two dots", asItem, "1.2.3", 3},
		{"leading dot", asItem, ".5", 0},
		{"number then letter", asItem, "1a", 1},

		// Strings.
		{"unterminated string", asItem, `"abc`, 4},
		{"unterminated after escape", asItem, `"abc\`, 5},
		{"unterminated after valid escape", asItem, `"a\"b`, 5},
		{"bad escape", asItem, `"a\nb"`, 3},
		{"tab in string", asItem, "\"a\tb\"", 2},
		{"DEL in string", asItem, "\"a\x7fb\"", 2},
		{"non-ASCII in string", asItem, `"aé"`, 2},
		{"non-ASCII after escape", asItem, `"a\\é"`, 4},

		// Tokens.
		{"token with space", asItem, "foo bar", 4},
		{"token with quote", asItem, `foo"bar"`, 3},

		// Byte sequences.
		{"unterminated bytes", asItem, ":aGVsbG8=", 9},
		{"space in bytes", asItem, ":aGVsb G8=:", 6},
		{"spaces only bytes", asItem, ":    :", 1},
		{"base64url bytes", asItem, ":_-Ah:", 1},
		{"dot in bytes", asItem, ":aGVsbG8.:", 8},
		{"padding at start", asItem, ":=aGVsbG8=:", 1},
		{"padding in middle", asItem, ":a=GVsbG8=:", 2},
		{"extra padding", asItem, ":aGVsbG8==:", 8},
		{"three padding", asItem, ":a===:", 2},
		{"wrong padding", asItem, ":aGk==:", 4},
		{"lone pad", asItem, ":=:", 1},
		{"one char", asItem, ":a:", 0},
		{"five chars", asItem, ":aGVsb:", 0},
		{"RFC 9530 typo", asItem, ":RK/0qy18MlBSVnWgjwz6lZEWjP/lF5HF9bvEF8FabDg==:", 44},
		{"newline in bytes", asItem, ":aGVs\nbG8=:", 5},

		// Booleans.
		{"boolean 2", asItem, "?2", 1},
		{"boolean empty", asItem, "?", 1},
		{"boolean word", asItem, "?true", 1},

		// Parameters.
		{"param upper-case key", asItem, "1;A=1", 2},
		{"param digit key", asItem, "1;1=1", 2},
		{"param no key", asItem, "1;", 2},
		{"param empty value", asItem, "1;a=", 4},
		{"param inner list value", asItem, "1;a=(1)", 4},
		{"param space before =", asItem, "1;a =1", 4},
		{"space before param", asItem, "1 ;a", 2},

		// Lists.
		{"trailing comma", asList, "a, b,", 5},
		{"trailing comma and space", asList, "a, b, ", 6},
		{"leading comma", asList, ",a", 0},
		{"double comma", asList, "a,,b", 2},
		{"missing comma", asList, "a b", 2},
		{"leading tab list", asList, "\ta", 0},
		{"inner list unterminated", asList, "(1 2", 4},
		{"inner list unterminated after space", asList, "(1 2 ", 5},
		{"inner list tab", asList, "(1\t2)", 2},
		{"inner list comma", asList, "(1,2)", 2},
		{"inner list bad item", asList, "(1 !)", 3},
		{"nested inner list", asList, "((1))", 1},
		{"inner lists adjacent", asList, "(1)(2)", 3},

		// Dictionaries.
		{"dictionary upper-case key", asDict, "A=1", 0},
		{"dictionary digit key", asDict, "1=1", 0},
		{"dictionary empty value", asDict, "a=", 2},
		{"dictionary space before =", asDict, "a =1", 2},
		{"dictionary space after =", asDict, "a= 1", 2},
		{"dictionary trailing comma", asDict, "a=1,", 4},
		{"dictionary missing comma", asDict, "a=1 b=2", 4},
		{"dictionary bad member", asDict, `a=1, b="x`, 9},
		{"dictionary list syntax", asDict, "a, 1", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.parse(tt.in)
			require.Error(t, err)
			var se *Error
			require.True(t, errors.As(err, &se), "error %T is not *Error", err)
			assert.Equal(t, tt.offset, se.Offset, "error: %v", err)
			assert.True(t, strings.HasPrefix(err.Error(), "sfv: "), err.Error())
			assert.True(t, strings.HasSuffix(err.Error(), fmt.Sprintf(" at offset %d", tt.offset)), err.Error())
		})
	}
}

// TestRFC8941Examples parses the examples of RFC 8941 §3 and checks that
// each serializes back unchanged.
func TestRFC8941Examples(t *testing.T) {
	t.Parallel()
	lists := []string{
		"sugar, tea, rum",
		`("foo" "bar"), ("baz"), ("bat" "one"), ()`,
		`("foo"; a=1;b=2);lvl=5, ("bar" "baz");lvl=1`,
		"abc;a=1;b=2; cde_456, (ghi;jk=4 l);q=\"9\";r=w",
	}
	dicts := []string{
		`en="Applepie", da=:w4ZibGV0w6ZydGUK:`,
		"a=?0, b, c; foo=bar",
		"rating=1.5, feelings=(joy sadness)",
		"a=(1 2), b=3, c=4;aa=bb, d=(5 6);valid",
		"foo=1, bar=2",
	}
	items := []string{
		"5; foo=bar",
		"42",
		"-42",
		"4.5",
		`"hello world"`,
		"foo123/456",
		":cHJldGVuZCB0aGlzIGlzIGJpbmFyeSBjb250ZW50Lg==:",
		"?1",
	}
	for _, in := range lists {
		l, err := ParseList(in)
		require.NoError(t, err, in)
		out, err := MarshalList(l)
		require.NoError(t, err, in)
		assert.Equal(t, canonicalSpacing(in), out)
	}
	for _, in := range dicts {
		d, err := ParseDictionary(in)
		require.NoError(t, err, in)
		out, err := MarshalDictionary(d)
		require.NoError(t, err, in)
		assert.Equal(t, canonicalSpacing(in), out)
	}
	for _, in := range items {
		it, err := ParseItem(in)
		require.NoError(t, err, in)
		out, err := MarshalItem(it)
		require.NoError(t, err, in)
		assert.Equal(t, canonicalSpacing(in), out)
	}
}

// canonicalSpacing removes the space that some RFC 8941 examples put after
// ";", which serialization does not produce.
func canonicalSpacing(s string) string { return strings.ReplaceAll(s, "; ", ";") }

// TestHTTPSigFields parses the fields httpsig reads, from the examples of
// RFC 9421 and RFC 9530, and checks both the values and the round trip.
func TestHTTPSigFields(t *testing.T) {
	t.Parallel()

	t.Run("Signature-Input", func(t *testing.T) {
		t.Parallel()
		const in = `sig1=("@method" "@target-uri" "@authority" "content-digest" "cache-control");created=1618884475;keyid="test-key-rsa-pss"`
		d, err := ParseDictionary(in)
		require.NoError(t, err)
		require.Len(t, d, 1)
		m, ok := d.Get("sig1")
		require.True(t, ok)
		il, ok := m.(InnerList)
		require.True(t, ok, "%T", m)
		assert.Equal(t, []Item{
			item("@method"), item("@target-uri"), item("@authority"),
			item("content-digest"), item("cache-control"),
		}, il.Items)
		assert.Equal(t, Params{{"created", int64(1618884475)}, {"keyid", "test-key-rsa-pss"}}, il.Params)
		out, err := MarshalDictionary(d)
		require.NoError(t, err)
		assert.Equal(t, in, out)
		// The signature parameters line of the signature base is the inner
		// list alone.
		sp, err := MarshalInnerList(il)
		require.NoError(t, err)
		assert.Equal(t, strings.TrimPrefix(in, "sig1="), sp)
	})

	t.Run("Signature-Input with component parameters", func(t *testing.T) {
		t.Parallel()
		const in = `sig-b22=("@authority" "content-digest" "@query-param";name="Pet");created=1618884473;keyid="test-key-rsa-pss";tag="header-example"`
		d, err := ParseDictionary(in)
		require.NoError(t, err)
		il := d[0].Value.(InnerList)
		assert.Equal(t, "sig-b22", d[0].Key)
		assert.Equal(t, item("@query-param", Param{"name", "Pet"}), il.Items[2])
		tag, ok := il.Params.Get("tag")
		require.True(t, ok)
		assert.Equal(t, "header-example", tag)
		_, ok = il.Params.Get("expires")
		assert.False(t, ok)
		id, err := MarshalItem(il.Items[2])
		require.NoError(t, err)
		assert.Equal(t, `"@query-param";name="Pet"`, id)
		out, err := MarshalDictionary(d)
		require.NoError(t, err)
		assert.Equal(t, in, out)
	})

	t.Run("Signature-Input with flags", func(t *testing.T) {
		t.Parallel()
		const in = `sig1=("example-dict";sf "example-dict";key="a" "@request-response";req;key="sig1" "@method";req);created=1618884475;keyid="test-key-ecc-p256";nonce="b3k2pp5k7z-50gnwp.yemd"`
		d, err := ParseDictionary(in)
		require.NoError(t, err)
		il := d[0].Value.(InnerList)
		assert.Equal(t, item("example-dict", Param{"sf", true}), il.Items[0])
		assert.Equal(t, item("@request-response", Param{"req", true}, Param{"key", "sig1"}), il.Items[2])
		out, err := MarshalDictionary(d)
		require.NoError(t, err)
		assert.Equal(t, in, out)
	})

	t.Run("Signature", func(t *testing.T) {
		t.Parallel()
		const in = `sig-b26=:wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==:`
		d, err := ParseDictionary(in)
		require.NoError(t, err)
		sig := d[0].Value.(Item).Value.([]byte)
		assert.Len(t, sig, 64)
		out, err := MarshalDictionary(d)
		require.NoError(t, err)
		assert.Equal(t, in, out)
	})

	t.Run("Accept-Signature", func(t *testing.T) {
		t.Parallel()
		const in = `sig1=("@method" "@target-uri" "@authority" "content-digest" "cache-control");keyid="test-key-rsa-pss";created;tag="app-123"`
		d, err := ParseDictionary(in)
		require.NoError(t, err)
		created, ok := d[0].Value.(InnerList).Params.Get("created")
		require.True(t, ok)
		assert.Equal(t, true, created)
		out, err := MarshalDictionary(d)
		require.NoError(t, err)
		assert.Equal(t, in, out)
	})

	t.Run("Content-Digest", func(t *testing.T) {
		t.Parallel()
		const in = `sha-256=:RK/0qy18MlBSVnWgjwz6lZEWjP/lF5HF9bvEF8FabDg=:, sha-512=:YMAam51Jz/jOATT6/zvHrLVgOYTGFy1d6GJiOHTohq4yP+pgk4vf2aCsyRZOtw8MjkM7iw7yZ/WkppmM44T3qg==:`
		d, err := ParseDictionary(in)
		require.NoError(t, err)
		require.Len(t, d, 2)
		assert.Equal(t, "sha-256", d[0].Key)
		assert.Len(t, d[0].Value.(Item).Value, 32)
		assert.Equal(t, "sha-512", d[1].Key)
		assert.Len(t, d[1].Value.(Item).Value, 64)
		out, err := MarshalDictionary(d)
		require.NoError(t, err)
		assert.Equal(t, in, out)

		// The RFC 9530 examples also write it without the space.
		d2, err := ParseDictionary(strings.Replace(in, ", ", ",", 1))
		require.NoError(t, err)
		assert.Equal(t, d, d2)
	})

	t.Run("Want-Content-Digest", func(t *testing.T) {
		t.Parallel()
		d, err := ParseDictionary("sha-512=3, sha-256=10, unixsum=0")
		require.NoError(t, err)
		assert.Equal(t, Dictionary{
			{"sha-512", item(int64(3))},
			{"sha-256", item(int64(10))},
			{"unixsum", item(int64(0))},
		}, d)
	})
}

// TestNonCanonical checks inputs that parse but serialize differently.
func TestNonCanonical(t *testing.T) {
	t.Parallel()
	tests := []struct {
		kind, in, want string
	}{
		{"item", "  1  ", "1"},
		{"item", "0042", "42"},
		{"item", "-0", "0"},
		{"item", "1.230", "1.23"},
		{"item", "1.000", "1.0"},
		{"item", "-0.0", "0.0"},
		{"item", "00.5", "0.5"},
		{"item", ":aGVsbG8:", ":aGVsbG8=:"},
		{"item", ":iZ==:", ":iQ==:"},
		{"item", "1; a=?1", "1;a"},
		{"item", "1;a=1;a=2", "1;a=2"},
		{"list", "a,b", "a, b"},
		{"list", "a \t, \tb\t", "a, b"},
		{"list", "( 1  2 )", "(1 2)"},
		{"list", "(1 2 )", "(1 2)"},
		{"dict", "a=?1", "a"},
		{"dict", "a=?1;x=?1", "a;x"},
		{"dict", "a=1,b=2", "a=1, b=2"},
		{"dict", "a=1, b=2, a=3", "a=3, b=2"},
		{"dict", "a=(?1)", "a=(?1)"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			var (
				out string
				err error
			)
			switch tt.kind {
			case "item":
				var it Item
				it, err = ParseItem(tt.in)
				require.NoError(t, err)
				out, err = MarshalItem(it)
			case "list":
				var l List
				l, err = ParseList(tt.in)
				require.NoError(t, err)
				out, err = MarshalList(l)
			case "dict":
				var d Dictionary
				d, err = ParseDictionary(tt.in)
				require.NoError(t, err)
				out, err = MarshalDictionary(d)
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, out)
		})
	}
}

func TestMarshalBareItem(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   any
		want string
	}{
		{int64(0), "0"},
		{int64(-17), "-17"},
		{int64(999999999999999), "999999999999999"},
		{int64(-999999999999999), "-999999999999999"},
		{5, "5"},
		{int8(-5), "-5"},
		{int16(300), "300"},
		{int32(-70000), "-70000"},
		{uint(7), "7"},
		{uint8(255), "255"},
		{uint16(65535), "65535"},
		{uint32(4000000000), "4000000000"},
		{uint64(999999999999999), "999999999999999"},
		{Decimal(1.5), "1.5"},
		{Decimal(-1.5), "-1.5"},
		{Decimal(0), "0.0"},
		{Decimal(2), "2.0"},
		{Decimal(0.1), "0.1"},
		{Decimal(123.456), "123.456"},
		{Decimal(999999999999.999), "999999999999.999"},
		{Decimal(-999999999999.999), "-999999999999.999"},
		{1.25, "1.25"},
		{"", `""`},
		{`say "hi" \o/`, `"say \"hi\" \\o/"`},
		{Token("*"), "*"},
		{Token("text/plain"), "text/plain"},
		{[]byte(nil), "::"},
		{[]byte("hello"), ":aGVsbG8=:"},
		{[]byte("pretend this is binary content."), ":cHJldGVuZCB0aGlzIGlzIGJpbmFyeSBjb250ZW50Lg==:"},
		{true, "?1"},
		{false, "?0"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%T %v", tt.in, tt.in), func(t *testing.T) {
			t.Parallel()
			got, err := MarshalBareItem(tt.in)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

// TestMarshalDecimalRounding checks RFC 8941 §4.1.5: round to three
// fractional digits, half to even, then fail on more than 12 integer
// digits.
func TestMarshalDecimalRounding(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   float64
		want string
	}{
		{0.0015, "0.002"},
		{0.0025, "0.002"},
		{0.0035, "0.004"},
		{-0.0015, "-0.002"},
		{-0.0025, "-0.002"},
		{1.0005, "1.0"},
		{1.00051, "1.001"},
		{1.0004999, "1.0"},
		{1.2345, "1.234"},
		{1.2355, "1.236"},
		{9.9995, "10.0"},
		{9.9994, "9.999"},
		{0.0005, "0.0"},
		{0.00051, "0.001"},
		{0.0004, "0.0"},
		{-0.0004, "0.0"},
		{1e-300, "0.0"},
		{-1e-300, "0.0"},
		{123456789012.0004, "123456789012.0"},
		{999999999999.9994, "999999999999.999"},
		{0.1 + 0.2, "0.3"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.in), func(t *testing.T) {
			t.Parallel()
			got, err := MarshalBareItem(Decimal(tt.in))
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestMarshalErrors(t *testing.T) {
	t.Parallel()
	nan := 0.0
	nan /= nan
	inf := 1e308
	inf *= 10
	tests := []struct {
		name    string
		marshal func() (string, error)
	}{
		{"integer too large", func() (string, error) { return MarshalBareItem(int64(1_000_000_000_000_000)) }},
		{"integer too small", func() (string, error) { return MarshalBareItem(int64(-1_000_000_000_000_000)) }},
		{"uint too large", func() (string, error) { return MarshalBareItem(uint64(1 << 63)) }},
		{"uint (platform) too large", func() (string, error) { return MarshalBareItem(uint(1_000_000_000_000_000)) }},
		{"decimal 13 integer digits", func() (string, error) { return MarshalBareItem(Decimal(1e12)) }},
		{"decimal rounds to 13 integer digits", func() (string, error) { return MarshalBareItem(Decimal(999999999999.9996)) }},
		{"decimal huge", func() (string, error) { return MarshalBareItem(Decimal(-1e300)) }},
		{"decimal NaN", func() (string, error) { return MarshalBareItem(Decimal(nan)) }},
		{"decimal Inf", func() (string, error) { return MarshalBareItem(Decimal(inf)) }},
		{"string with newline", func() (string, error) { return MarshalBareItem("a\nb") }},
		{"string with DEL", func() (string, error) { return MarshalBareItem("a\x7f") }},
		{"string with UTF-8", func() (string, error) { return MarshalBareItem("é") }},
		{"empty token", func() (string, error) { return MarshalBareItem(Token("")) }},
		{"token starting with digit", func() (string, error) { return MarshalBareItem(Token("1a")) }},
		{"token with space", func() (string, error) { return MarshalBareItem(Token("a b")) }},
		{"token with quote", func() (string, error) { return MarshalBareItem(Token(`a"`)) }},
		{"nil", func() (string, error) { return MarshalBareItem(nil) }},
		{"float32", func() (string, error) { return MarshalBareItem(float32(1)) }},
		{"named string", func() (string, error) {
			type name string
			return MarshalBareItem(name("x"))
		}},
		{"struct", func() (string, error) { return MarshalBareItem(struct{}{}) }},
		{"item with Item value", func() (string, error) { return MarshalItem(Item{Value: Item{Value: int64(1)}}) }},
		{"empty key", func() (string, error) { return MarshalParams(Params{{"", true}}) }},
		{"upper-case key", func() (string, error) { return MarshalParams(Params{{"Key", true}}) }},
		{"key starting with digit", func() (string, error) { return MarshalParams(Params{{"1a", true}}) }},
		{"key with space", func() (string, error) { return MarshalParams(Params{{"a b", true}}) }},
		{"param value invalid", func() (string, error) { return MarshalParams(Params{{"a", Token("")}}) }},
		{"param value nil", func() (string, error) { return MarshalParams(Params{{"a", nil}}) }},
		{"duplicate param", func() (string, error) { return MarshalParams(Params{{"a", true}, {"b", true}, {"a", false}}) }},
		{"item bad param", func() (string, error) { return MarshalItem(Item{Value: int64(1), Params: Params{{"A", true}}}) }},
		{"inner list bad item", func() (string, error) {
			return MarshalInnerList(InnerList{Items: []Item{{Value: int64(1)}, {Value: "\x00"}}})
		}},
		{"inner list bad param", func() (string, error) {
			return MarshalInnerList(InnerList{Params: Params{{"a", struct{}{}}}})
		}},
		{"list nil member", func() (string, error) { return MarshalList(List{Item{Value: int64(1)}, nil}) }},
		{"list nil *Item", func() (string, error) { return MarshalList(List{(*Item)(nil)}) }},
		{"list nil *InnerList", func() (string, error) { return MarshalList(List{(*InnerList)(nil)}) }},
		{"list bad item", func() (string, error) { return MarshalList(List{Item{Value: Token("")}}) }},
		{"dictionary bad key", func() (string, error) {
			return MarshalDictionary(Dictionary{{"sha-256", Item{Value: true}}, {"SHA-512", Item{Value: true}}})
		}},
		{"dictionary duplicate key", func() (string, error) {
			return MarshalDictionary(Dictionary{{"a", Item{Value: int64(1)}}, {"a", Item{Value: int64(2)}}})
		}},
		{"dictionary nil value", func() (string, error) { return MarshalDictionary(Dictionary{{"a", nil}}) }},
		{"dictionary true with bad param", func() (string, error) {
			return MarshalDictionary(Dictionary{{"a", Item{Value: true, Params: Params{{"b", nil}}}}})
		}},
		{"dictionary bad inner list", func() (string, error) {
			return MarshalDictionary(Dictionary{{"a", InnerList{Items: []Item{{Value: -1e300}}}}})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out, err := tt.marshal()
			require.Error(t, err)
			assert.Empty(t, out)
			var se *Error
			require.True(t, errors.As(err, &se), "error %T is not *Error", err)
			assert.Equal(t, -1, se.Offset)
			assert.True(t, strings.HasPrefix(err.Error(), "sfv: "), err.Error())
			assert.NotContains(t, err.Error(), "offset")
		})
	}
}

func TestMarshalDuplicateKeysMany(t *testing.T) {
	t.Parallel()
	var d Dictionary
	for i := range 2 * linearKeys {
		d = append(d, DictMember{Key: fmt.Sprintf("k%d", i), Value: Item{Value: int64(i)}})
	}
	_, err := MarshalDictionary(d)
	require.NoError(t, err)
	d = append(d, DictMember{Key: "k3", Value: Item{Value: true}})
	_, err = MarshalDictionary(d)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `"k3"`)
}

func TestMarshalStructures(t *testing.T) {
	t.Parallel()
	il := InnerList{
		Items:  []Item{item("@method"), item("@query-param", Param{"name", "Pet"})},
		Params: Params{{"created", int64(1618884473)}, {"keyid", "k"}, {"alg", Token("ed25519")}},
	}
	got, err := MarshalInnerList(il)
	require.NoError(t, err)
	assert.Equal(t, `("@method" "@query-param";name="Pet");created=1618884473;keyid="k";alg=ed25519`, got)

	got, err = MarshalInnerList(InnerList{})
	require.NoError(t, err)
	assert.Equal(t, "()", got)

	// Pointers to members are accepted by the serializers.
	got, err = MarshalList(List{&Item{Value: int64(1)}, &il, Item{Value: true}})
	require.NoError(t, err)
	assert.Equal(t, `1, ("@method" "@query-param";name="Pet");created=1618884473;keyid="k";alg=ed25519, ?1`, got)

	got, err = MarshalDictionary(Dictionary{
		{"a", &Item{Value: true, Params: Params{{"x", int64(1)}}}},
		{"b", Item{Value: false}},
		{"c", InnerList{Items: []Item{{Value: true}}}},
	})
	require.NoError(t, err)
	assert.Equal(t, "a;x=1, b=?0, c=(?1)", got)

	got, err = MarshalList(nil)
	require.NoError(t, err)
	assert.Empty(t, got)
	got, err = MarshalDictionary(Dictionary{})
	require.NoError(t, err)
	assert.Empty(t, got)
	got, err = MarshalParams(nil)
	require.NoError(t, err)
	assert.Empty(t, got)

	got, err = MarshalParams(Params{{"a", true}, {"b", false}, {"c", 1}})
	require.NoError(t, err)
	assert.Equal(t, ";a;b=?0;c=1", got)
}

func TestGet(t *testing.T) {
	t.Parallel()
	var p Params
	_, ok := p.Get("a")
	assert.False(t, ok)
	var d Dictionary
	_, ok = d.Get("a")
	assert.False(t, ok)

	d, err := ParseDictionary("a=1;x, b=(2)")
	require.NoError(t, err)
	m, ok := d.Get("b")
	require.True(t, ok)
	assert.Equal(t, InnerList{Items: []Item{item(int64(2))}}, m)
	m, ok = d.Get("a")
	require.True(t, ok)
	v, ok := m.(Item).Params.Get("x")
	require.True(t, ok)
	assert.Equal(t, true, v)
}

func TestErrorString(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "sfv: bad thing at offset 7", (&Error{Offset: 7, Msg: "bad thing"}).Error())
	assert.Equal(t, "sfv: bad thing at offset 0", (&Error{Offset: 0, Msg: "bad thing"}).Error())
	assert.Equal(t, "sfv: bad thing", (&Error{Offset: -1, Msg: "bad thing"}).Error())
}

// TestParsedValuesRoundTrip checks that every decimal with up to 12 integer
// and 3 fractional digits survives float64 and serialization: a sample of
// the hardest ones (many significant digits).
func TestParsedValuesRoundTrip(t *testing.T) {
	t.Parallel()
	for _, in := range []string{
		"999999999999.999", "-999999999999.999", "123456789012.345",
		"0.001", "0.999", "100000000000.001", "450359962737.049",
		"999999999999.995", "999999999999.994", "1.005", "2.675",
	} {
		it, err := ParseItem(in)
		require.NoError(t, err, in)
		out, err := MarshalItem(it)
		require.NoError(t, err, in)
		assert.Equal(t, in, out)
	}
}

// TestDecimalRoundTrip checks, over random decimals with up to 12 integer
// and 3 fractional digits, that parsing and serializing gives back the
// canonical text: float64 holds every such value closely enough.
func TestDecimalRoundTrip(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(8941, 9421))
	for range 20000 {
		ip := r.Int64N(1_000_000_000_000)
		if r.IntN(2) == 0 {
			ip = r.Int64N(1000)
		}
		fp := strings.TrimRight(fmt.Sprintf("%03d", r.IntN(1000)), "0")
		if fp == "" {
			fp = "0"
		}
		in := fmt.Sprintf("%d.%s", ip, fp)
		if r.IntN(2) == 0 && in != "0.0" {
			in = "-" + in
		}
		it, err := ParseItem(in)
		require.NoError(t, err, in)
		out, err := MarshalItem(it)
		require.NoError(t, err, in)
		require.Equal(t, in, out)
	}
}

func BenchmarkParseSignatureInput(b *testing.B) {
	const in = `sig1=("@method" "@target-uri" "@authority" "content-digest" "cache-control");created=1618884475;keyid="test-key-rsa-pss"`
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseDictionary(in); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMarshalSignatureInput(b *testing.B) {
	const in = `sig1=("@method" "@target-uri" "@authority" "content-digest" "cache-control");created=1618884475;keyid="test-key-rsa-pss"`
	d, err := ParseDictionary(in)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := MarshalDictionary(d); err != nil {
			b.Fatal(err)
		}
	}
}
