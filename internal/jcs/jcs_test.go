package jcs

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The examples of RFC 8785 and of its author's repository: each
// *.in.json canonicalizes to its *.out.json byte for byte.
func TestCanonicalizeExamples(t *testing.T) {
	t.Parallel()
	ins, err := filepath.Glob("testdata/*/*.in.json")
	require.NoError(t, err)
	require.Len(t, ins, 7)
	for _, in := range ins {
		t.Run(strings.TrimSuffix(in[len("testdata/"):], ".in.json"), func(t *testing.T) {
			t.Parallel()
			input, err := os.ReadFile(in)
			require.NoError(t, err)
			want, err := os.ReadFile(strings.TrimSuffix(in, ".in.json") + ".out.json")
			require.NoError(t, err)
			got, err := Canonicalize(input)
			require.NoError(t, err)
			assert.Equal(t, string(want), string(got))
			again, err := Canonicalize(got)
			require.NoError(t, err)
			assert.Equal(t, string(got), string(again), "canonical form is a fixed point")
		})
	}
}

// RFC 8785 section 3.2.4: the canonical sample as UTF-8 bytes.
func TestCanonicalizeUTF8Bytes(t *testing.T) {
	t.Parallel()
	text, err := os.ReadFile("testdata/rfc8785/values.out.hex")
	require.NoError(t, err)
	want, err := hex.DecodeString(strings.Join(strings.Fields(string(text)), ""))
	require.NoError(t, err)
	input, err := os.ReadFile("testdata/rfc8785/values.in.json")
	require.NoError(t, err)
	got, err := Canonicalize(input)
	require.NoError(t, err)
	assert.Equal(t, want, got)
}

// RFC 8785 Appendix B, Table 1.
func TestNumberAppendixB(t *testing.T) {
	t.Parallel()
	rows := readLines(t, "testdata/numbers/appendix-b.txt")
	require.Len(t, rows, 26)
	for _, row := range rows {
		bits, want, ok := strings.Cut(row, " ")
		require.True(t, ok, row)
		u, err := strconv.ParseUint(bits, 16, 64)
		require.NoError(t, err)
		f := math.Float64frombits(u)
		if want == "error" {
			assert.True(t, math.IsNaN(f) || math.IsInf(f, 0), row)
			continue
		}
		assert.Equal(t, want, string(appendNumber(nil, f)), row)
		// The same value given as JSON text, in Go's spelling of it.
		text := strconv.FormatFloat(f, 'g', -1, 64)
		got, err := Canonicalize([]byte(text))
		require.NoError(t, err, text)
		assert.Equal(t, want, string(got), text)
	}
}

// Numbers as JSON text, written as ECMAScript writes them.
func TestNumbers(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"0", "0"},
		{"-0", "0"},
		{"-0.0e10", "0"},
		{"0.0", "0"},
		{"1", "1"},
		{"-1", "-1"},
		{"1.0", "1"},
		{"1.50", "1.5"},
		{"100", "100"},
		{"1E2", "100"},
		{"0.1", "0.1"},
		{"0.3333333333333333", "0.3333333333333333"},
		{"0.33333333333333333333333333", "0.3333333333333333"}, // 1/3
		{"2e-3", "0.002"},
		{"0.000001", "0.000001"},
		{"1e-6", "0.000001"},
		{"1e-7", "1e-7"},
		{"0.0000001", "1e-7"},
		{"1.5e-7", "1.5e-7"},
		{"0.000001234", "0.000001234"},
		{"1e20", "100000000000000000000"},
		{"1e21", "1e+21"},
		{"1.5e300", "1.5e+300"},
		{"1E30", "1e+30"},
		{"1e-27", "1e-27"},
		{"123456789012345680000", "123456789012345680000"},
		{"123456789012345678901", "123456789012345680000"},
		{"12345678901234567890123", "1.2345678901234568e+22"},
		{"9007199254740991", "9007199254740991"},
		{"9007199254740993", "9007199254740992"}, // not a double: rounded
		{"-9007199254740992", "-9007199254740992"},
		{"295147905179352825856", "295147905179352830000"}, // 2**68
		{"18446744073709551615", "18446744073709552000"},
		{"5e-324", "5e-324"},
		{"2.4703282292062328e-324", "5e-324"},
		{"1e-400", "0"}, // too small for a double
		{"-1e-400", "0"},
		{"1.7976931348623157e308", "1.7976931348623157e+308"},
		{"333333333.33333329", "333333333.3333333"},
		{"4.50", "4.5"},
	}
	for _, tt := range tests {
		got, err := Canonicalize([]byte(tt.in))
		if assert.NoError(t, err, tt.in) {
			assert.Equal(t, tt.want, string(got), tt.in)
		}
	}
}

// es6NumberLines writes the first n lines of the ES6 number test file that
// RFC 8785 Appendix B points to (testdata/SOURCE says how the sequence is
// made): each line is the value's IEEE 754 bits in hex, a comma, and its
// serialization.
func es6NumberLines(t *testing.T, n int) []byte {
	t.Helper()
	var static []uint64
	for _, line := range readLines(t, "testdata/numbers/es6-static.txt") {
		u, err := strconv.ParseUint(line, 16, 64)
		require.NoError(t, err)
		static = append(static, u)
	}
	require.Len(t, static, 168)
	var (
		out   []byte
		block [sha256.Size]byte
		pool  []byte
	)
	for i := range n {
		var bits uint64
		switch {
		case i < len(static):
			bits = static[i]
		case i < len(static)+2000:
			bits = 0x0010000000000000 + uint64(i-len(static))
		default:
			for {
				if len(pool) == 0 {
					block = sha256.Sum256(block[:])
					pool = block[:]
				}
				bits = binary.LittleEndian.Uint64(pool)
				pool = pool[8:]
				if f := math.Float64frombits(bits); f != 0 && !math.IsNaN(f) && !math.IsInf(f, 0) {
					break
				}
			}
		}
		out = strconv.AppendUint(out, bits, 16)
		out = append(out, ',')
		out = appendNumber(out, math.Float64frombits(bits))
		out = append(out, '\n')
	}
	return out
}

// The ES6 number test file, checked against the SHA-256 its maker
// publishes for its first lines.
func TestNumberES6File(t *testing.T) {
	t.Parallel()
	want := []struct {
		lines int
		size  int
		hash  string
	}{
		{1000, 37967, "be18b62b6f69cdab33a7e0dae0d9cfa869fda80ddc712221570f9f40a5878687"},
		{10000, 399022, "b9f7a8e75ef22a835685a52ccba7f7d6bdc99e34b010992cbc5864cd12be6892"},
		{100000, 4031728, "22776e6d4b49fa294a0d0f349268e5c28808fe7e0cb2bcbe28f63894e494d4c7"},
	}
	n := want[len(want)-1].lines
	if testing.Short() {
		n = want[1].lines
	}
	text := es6NumberLines(t, n)
	end, lines := 0, 0
	for _, w := range want {
		if w.lines > n {
			break
		}
		for lines < w.lines {
			end += bytes.IndexByte(text[end:], '\n') + 1
			lines++
		}
		assert.Equal(t, w.size, end, "size of %d lines", w.lines)
		sum := sha256.Sum256(text[:end])
		assert.Equal(t, w.hash, hex.EncodeToString(sum[:]), "hash of %d lines", w.lines)
	}
	// Every value reads back as itself from the text written for it.
	for line := range bytes.Lines(text) {
		bits, num, _ := bytes.Cut(bytes.TrimSuffix(line, []byte("\n")), []byte(","))
		u, err := strconv.ParseUint(string(bits), 16, 64)
		require.NoError(t, err)
		f, err := strconv.ParseFloat(string(num), 64)
		require.NoError(t, err, string(line))
		if want := math.Float64frombits(u); f != want && !(f == 0 && want == 0) {
			t.Fatalf("%s reads back as %v", line, f)
		}
	}
}

// Strings are written as RFC 8785 section 3.2.2.2 says.
func TestStrings(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{`""`, `""`},
		{`"plain"`, `"plain"`},
		{`"\b\t\n\f\r"`, `"\b\t\n\f\r"`},
		{`"\u0008\u0009\u000A\u000c\u000D"`, `"\b\t\n\f\r"`},
		{`"\u0000\u0001\u000b\u000E\u001F"`, `"\u0000\u0001\u000b\u000e\u001f"`},
		{`"\"\\\/"`, `"\"\\/"`},
		{`"\u0022\u005C\u002F"`, `"\"\\/"`},
		{`"\u007f\u0080\u00e9"`, "\"\x7f\u0080é\""},
		{`"\u2028\u2029"`, "\"\u2028\u2029\""},
		{`"\ud83d\ude00 \uD83D\uDE00"`, `"😀 😀"`},
		{`"\uffff\ufeff"`, "\"\uffff\ufeff\""},
		{"\"raw é € 😀\"", "\"raw é € 😀\""},
		{`"</script>"`, `"</script>"`},
		{`"A\u030a"`, "\"A\u030a\""}, // not normalized (section 3.1)
	}
	for _, tt := range tests {
		got, err := Canonicalize([]byte(tt.in))
		if assert.NoError(t, err, tt.in) {
			assert.Equal(t, tt.want, string(got), tt.in)
		}
	}
}

// Names are sorted as UTF-16 code units, not as code points or bytes.
func TestSortUTF16(t *testing.T) {
	t.Parallel()
	// U+10000 is D800 DC00 in UTF-16, before U+FFFF and U+E000; in UTF-8
	// and in code points it comes after them.
	got, err := Canonicalize([]byte(`{"\uffff":1,"\ue000":2,"\ud800\udc00":3,"\ud7ff":4,"":5,"b":6,"a":7,"aa":8,"ab":9,"A":10}`))
	require.NoError(t, err)
	assert.Equal(t, "{\"\":5,\"A\":10,\"a\":7,\"aa\":8,\"ab\":9,\"b\":6,\"\ud7ff\":4,\"\U00010000\":3,\"\ue000\":2,\"\uffff\":1}", string(got))

	names := []string{"", "a", "aa", "ab", "b", "\u00e9", "\u07ff", "\ud7ff", "\U00010000", "\U0010ffff", "\ue000", "\uffff"}
	for i, a := range names {
		for j, b := range names {
			assert.Equal(t, compareInts(i, j), compareUTF16(a, b), "%q vs %q", a, b)
		}
	}
	// Prefixes inside a multi-byte character.
	assert.Equal(t, -1, compareUTF16("x\u00e9", "x\u00ea"))
	assert.Equal(t, -1, compareUTF16("x\U0001f600", "x\uffee"), "D83D before FFEE")
	assert.Equal(t, 1, compareUTF16("x\U0001f600", "x\ud7ff"), "D83D after D7FF")
	assert.Equal(t, -1, compareUTF16("x\U0001f600", "x\U0001f601"))
}

func compareInts(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func TestStructure(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{" \t\r\n{ \"b\" : [ 1 , { \"d\":1, \"c\":2 } ] , \"a\" : {} } \n", `{"a":{},"b":[1,{"c":2,"d":1}]}`},
		{"[]", "[]"},
		{"[ ]", "[]"},
		{"{ }", "{}"},
		{"[[],[[]],{}]", "[[],[[]],{}]"},
		{"true", "true"},
		{" false ", "false"},
		{"null", "null"},
		{`"s"`, `"s"`},
		{"[3,1,2]", "[3,1,2]"},
		{`{"a":null,"b":true,"c":false}`, `{"a":null,"b":true,"c":false}`},
		// Names are compared unescaped: "\n" sorts as U+000A.
		{`{"b\n":1,"aa":2,"\u0061":3}`, `{"a":3,"aa":2,"b\n":1}`},
	}
	for _, tt := range tests {
		got, err := Canonicalize([]byte(tt.in))
		if assert.NoError(t, err, tt.in) {
			assert.Equal(t, tt.want, string(got), tt.in)
		}
	}
}

func TestDepth(t *testing.T) {
	t.Parallel()
	arrays := func(n int) []byte { return []byte(strings.Repeat("[", n) + strings.Repeat("]", n)) }
	objects := func(n int) []byte { return []byte(strings.Repeat(`{"a":`, n) + "1" + strings.Repeat("}", n)) }
	for _, deep := range []func(int) []byte{arrays, objects} {
		_, err := Canonicalize(deep(MaxDepth))
		assert.NoError(t, err)
		_, err = Canonicalize(deep(MaxDepth + 1))
		assert.ErrorIs(t, err, ErrTooDeep)
	}
	// Deep enough to exhaust the stack of a parser without a limit.
	_, err := Canonicalize(arrays(1_000_000))
	assert.ErrorIs(t, err, ErrTooDeep)
}

func TestErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want error
	}{
		{``, ErrSyntax},
		{` `, ErrSyntax},
		{`{`, ErrSyntax},
		{`{"a"}`, ErrSyntax},
		{`{"a":}`, ErrSyntax},
		{`{"a":1,}`, ErrSyntax},
		{`{a:1}`, ErrSyntax},
		{`{'a':1}`, ErrSyntax},
		{`[1,]`, ErrSyntax},
		{`[1 2]`, ErrSyntax},
		{`[`, ErrSyntax},
		{`]`, ErrSyntax},
		{`1 2`, ErrSyntax},
		{`{} x`, ErrSyntax},
		{`tru`, ErrSyntax},
		{`True`, ErrSyntax},
		{`nul`, ErrSyntax},
		{`undefined`, ErrSyntax},
		{`NaN`, ErrSyntax},
		{`Infinity`, ErrSyntax},
		{`-Infinity`, ErrSyntax},
		{`01`, ErrSyntax},
		{`-01`, ErrSyntax},
		{`+1`, ErrSyntax},
		{`.5`, ErrSyntax},
		{`1.`, ErrSyntax},
		{`1.e5`, ErrSyntax},
		{`1e`, ErrSyntax},
		{`1e+`, ErrSyntax},
		{`-`, ErrSyntax},
		{`0x10`, ErrSyntax},
		{"\ufeff{}", ErrSyntax}, // a byte order mark
		{"\v1", ErrSyntax},
		{`"abc`, ErrSyntax},
		{`"\`, ErrSyntax},
		{`"\x41"`, ErrSyntax},
		{`"\u12"`, ErrSyntax},
		{`"\u12g4"`, ErrSyntax},
		{"\"tab\there\"", ErrSyntax},
		{"\"new\nline\"", ErrSyntax},
		{"\"\\n\x01\"", ErrSyntax},
		{`1e400`, ErrNumberRange},
		{`-1e400`, ErrNumberRange},
		{`[1.8e308]`, ErrNumberRange},
		{`{"a":1,"a":2}`, ErrDuplicateName},
		{`{"a":1,"b":{"c":1,"c":1}}`, ErrDuplicateName},
		{`{"a":1,"\u0061":2}`, ErrDuplicateName},
		{`{"\ud83d\ude00":1,"😀":2}`, ErrDuplicateName},
		{"\"\xff\"", ErrInvalidString},
		{"\"\xc3\"", ErrInvalidString},
		{"\"\xc0\xaf\"", ErrInvalidString},        // overlong
		{"\"\xed\xa0\x80\"", ErrInvalidString},    // a surrogate in UTF-8
		{"\"\\n\xed\xa0\x80\"", ErrInvalidString}, // the same after an escape
		{"{\"\xff\":1}", ErrInvalidString},
		{`"\ud800"`, ErrInvalidString},
		{`"\udead"`, ErrInvalidString},
		{`"\ud800x"`, ErrInvalidString},
		{`"\ud800\n"`, ErrInvalidString},
		{`"\ud800\u0041"`, ErrInvalidString},
		{`"\ud800\ud800"`, ErrInvalidString},
		{`"\ude00\ud83d"`, ErrInvalidString},
		{`{"\udfff":1}`, ErrInvalidString},
	}
	for _, tt := range tests {
		got, err := Canonicalize([]byte(tt.in))
		assert.ErrorIs(t, err, tt.want, "%q", tt.in)
		assert.Nil(t, got, "%q", tt.in)
	}
	_, err := Canonicalize([]byte(`{"a":1,  "a":2}`))
	assert.EqualError(t, err, "jcs: duplicate property name at offset 9")
	_, err = Canonicalize([]byte(`[1, 2, x]`))
	assert.EqualError(t, err, "jcs: invalid JSON at offset 7: unexpected character")
}

func readLines(t *testing.T, name string) []string {
	t.Helper()
	f, err := os.Open(name)
	require.NoError(t, err)
	defer f.Close()
	var out []string
	s := bufio.NewScanner(f)
	for s.Scan() {
		if line := strings.TrimSpace(s.Text()); line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	require.NoError(t, s.Err())
	return out
}

func BenchmarkCanonicalize(b *testing.B) {
	input, err := os.ReadFile("testdata/cyberphone/weird.in.json")
	if err != nil {
		b.Fatal(err)
	}
	doc := []byte(fmt.Sprintf(`{"items":[%s,%s,%s],"n":[1.5,2e-7,123456789012345680000],"s":"hello world"}`, input, input, input))
	b.SetBytes(int64(len(doc)))
	for b.Loop() {
		if _, err := Canonicalize(doc); err != nil {
			b.Fatal(err)
		}
	}
}
