package query_test

import (
	"errors"
	"fmt"
	"math"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fedikit/fedikit/internal/query"
)

// visibility is a named string type without methods, like
// mastodon.Visibility.
type visibility string

// level marshals itself as text with a value receiver, and also has a
// String method, which must lose to MarshalText.
type level int

func (l level) MarshalText() ([]byte, error) { return []byte("level-" + strconv.Itoa(int(l))), nil }
func (l level) String() string               { return "wrong" }

// cursor marshals itself as text with a pointer receiver.
type cursor struct{ id int }

func (c *cursor) MarshalText() ([]byte, error) { return []byte("c" + strconv.Itoa(c.id)), nil }

// color is a fmt.Stringer only.
type color int

func (c color) String() string { return [...]string{"red", "green", "blue"}[c] }

// failing cannot be marshalled.
type failing struct{}

var errFailing = errors.New("cannot marshal")

func (failing) MarshalText() ([]byte, error) { return nil, errFailing }

// key is a named string type for map keys.
type key string

func ptr[T any](v T) *T { return &v }

func TestValuesTypes(t *testing.T) {
	t.Parallel()
	cest := time.FixedZone("CEST", 2*60*60)
	tests := []struct {
		name string
		opts any
		want string // url.Values.Encode of the result
	}{
		{"string", struct {
			S string `url:"s"`
		}{"a b&c"}, "s=a+b%26c"},
		{"empty string", struct {
			S string `url:"s"`
		}{""}, "s="},
		{"bool true", struct {
			B bool `url:"b"`
		}{true}, "b=true"},
		{"bool false", struct {
			B bool `url:"b"`
		}{false}, "b=false"},
		{"int kinds", struct {
			I   int   `url:"i"`
			I8  int8  `url:"i8"`
			I16 int16 `url:"i16"`
			I32 int32 `url:"i32"`
			I64 int64 `url:"i64"`
		}{-1, math.MinInt8, math.MaxInt16, math.MinInt32, math.MaxInt64},
			"i=-1&i16=32767&i32=-2147483648&i64=9223372036854775807&i8=-128"},
		{"uint kinds", struct {
			U   uint    `url:"u"`
			U8  uint8   `url:"u8"`
			U16 uint16  `url:"u16"`
			U32 uint32  `url:"u32"`
			U64 uint64  `url:"u64"`
			UP  uintptr `url:"up"`
		}{0, math.MaxUint8, math.MaxUint16, math.MaxUint32, math.MaxUint64, 7},
			"u=0&u16=65535&u32=4294967295&u64=18446744073709551615&u8=255&up=7"},
		{"floats", struct {
			F32 float32 `url:"f32"`
			F64 float64 `url:"f64"`
			Big float64 `url:"big"`
		}{0.1, -2.5, 1e21}, "big=1000000000000000000000&f32=0.1&f64=-2.5"},
		{"time in UTC without fraction", struct {
			T time.Time `url:"t"`
		}{time.Date(2024, 5, 6, 7, 8, 9, 987654321, cest)}, "t=2024-05-06T05%3A08%3A09Z"},
		{"zero time is empty", struct {
			T time.Time `url:"t"`
		}{}, "t="},
		{"duration in whole seconds", struct {
			D time.Duration `url:"d"`
			E time.Duration `url:"e"`
			N time.Duration `url:"n"`
		}{90 * time.Minute, 1999 * time.Millisecond, -1500 * time.Millisecond}, "d=5400&e=1&n=-1"},
		{"named string type", struct {
			V visibility `url:"visibility"`
		}{"unlisted"}, "visibility=unlisted"},
		{"TextMarshaler before Stringer", struct {
			L level `url:"l"`
		}{3}, "l=level-3"},
		{"TextMarshaler with pointer receiver, struct by value", struct {
			C cursor `url:"c"`
		}{cursor{7}}, "c=c7"},
		{"TextMarshaler with pointer receiver, struct by pointer", &struct {
			C cursor `url:"c"`
		}{cursor{7}}, "c=c7"},
		{"Stringer", struct {
			C color `url:"c"`
		}{2}, "c=blue"},
		{"untagged field skipped", struct {
			A string `url:"a"`
			B string
			C chan int
			D func()
		}{A: "x", B: "y"}, "a=x"},
		{"dash skipped", struct {
			A string `url:"-"`
			B string `url:"b"`
		}{"x", "y"}, "b=y"},
		{"name used as written", struct {
			A string `url:"data[alerts][follow]"`
		}{"true"}, "data%5Balerts%5D%5Bfollow%5D=true"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := query.Values(tt.opts)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got.Encode())
		})
	}
}

func TestValuesPointers(t *testing.T) {
	t.Parallel()
	type options struct {
		Bool    *bool          `url:"bool,omitempty"`
		Int     *int           `url:"int,omitempty"`
		String  *string        `url:"string,omitempty"`
		Time    *time.Time     `url:"time,omitempty"`
		Dur     *time.Duration `url:"dur,omitempty"`
		Vis     *visibility    `url:"vis,omitempty"`
		Level   *level         `url:"level,omitempty"`
		Cursor  *cursor        `url:"cursor,omitempty"`
		Color   *color         `url:"color,omitempty"`
		Twice   **int          `url:"twice,omitempty"`
		Always  *bool          `url:"always"`
		Visible *bool          `url:"visible"`
	}
	tests := []struct {
		name string
		opts options
		want url.Values
	}{
		{"nil pointers", options{}, url.Values{"always": {""}, "visible": {""}}},
		{"pointers to zero values are sent", options{
			Bool:   ptr(false),
			Int:    ptr(0),
			String: ptr(""),
			Dur:    ptr(time.Duration(0)),
			Vis:    ptr(visibility("")),
			Level:  ptr(level(0)),
			Cursor: &cursor{},
			Color:  ptr(color(0)),
			Twice:  ptr(ptr(0)),
			Always: ptr(false),
		}, url.Values{
			"bool":    {"false"},
			"int":     {"0"},
			"string":  {""},
			"dur":     {"0"},
			"vis":     {""},
			"level":   {"level-0"},
			"cursor":  {"c0"},
			"color":   {"red"},
			"twice":   {"0"},
			"always":  {"false"},
			"visible": {""},
		}},
		{"pointers to values", options{
			Bool:    ptr(true),
			Int:     ptr(40),
			String:  ptr("x"),
			Time:    ptr(time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)),
			Dur:     ptr(time.Minute),
			Vis:     ptr(visibility("direct")),
			Level:   ptr(level(2)),
			Cursor:  &cursor{5},
			Color:   ptr(color(1)),
			Twice:   ptr(ptr(9)),
			Always:  ptr(true),
			Visible: ptr(true),
		}, url.Values{
			"bool":    {"true"},
			"int":     {"40"},
			"string":  {"x"},
			"time":    {"2025-01-02T03:04:05Z"},
			"dur":     {"60"},
			"vis":     {"direct"},
			"level":   {"level-2"},
			"cursor":  {"c5"},
			"color":   {"green"},
			"twice":   {"9"},
			"always":  {"true"},
			"visible": {"true"},
		}},
		{"pointer to zero time", options{Time: &time.Time{}}, url.Values{"time": {""}, "always": {""}, "visible": {""}}},
		{"pointer to a nil pointer", options{Twice: new(*int)}, url.Values{"always": {""}, "visible": {""}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := query.Values(tt.opts)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestValuesOmitEmpty(t *testing.T) {
	t.Parallel()
	type options struct {
		S  string            `url:"s,omitempty"`
		B  bool              `url:"b,omitempty"`
		I  int               `url:"i,omitempty"`
		U  uint8             `url:"u,omitempty"`
		F  float64           `url:"f,omitempty"`
		T  time.Time         `url:"t,omitempty"`
		D  time.Duration     `url:"d,omitempty"`
		V  visibility        `url:"v,omitempty"`
		L  level             `url:"l,omitempty"`
		C  color             `url:"c,omitempty"`
		SS []string          `url:"ss[],omitempty"`
		M  map[string]string `url:"m,omitempty"`
	}
	type always struct {
		S  string            `url:"s"`
		B  bool              `url:"b"`
		I  int               `url:"i"`
		U  uint8             `url:"u"`
		F  float64           `url:"f"`
		T  time.Time         `url:"t"`
		D  time.Duration     `url:"d"`
		V  visibility        `url:"v"`
		L  level             `url:"l"`
		C  color             `url:"c"`
		SS []string          `url:"ss[]"`
		M  map[string]string `url:"m"`
	}

	got, err := query.Values(options{})
	require.NoError(t, err)
	assert.Empty(t, got, "omitempty leaves out zero values")
	assert.NotNil(t, got)

	got, err = query.Values(options{SS: []string{}, M: map[string]string{}})
	require.NoError(t, err)
	assert.Empty(t, got, "omitempty leaves out empty, non-nil slices and maps")

	got, err = query.Values(always{})
	require.NoError(t, err)
	assert.Equal(t, url.Values{
		"s":    {""},
		"b":    {"false"},
		"i":    {"0"},
		"u":    {"0"},
		"f":    {"0"},
		"t":    {""},
		"d":    {"0"},
		"v":    {""},
		"l":    {"level-0"},
		"c":    {"red"},
		"ss[]": {""},
		"m":    {""},
	}, got, "without omitempty zero values are sent")

	set := options{
		S: "s", B: true, I: -1, U: 1, F: 0.5, T: time.Unix(0, 0), D: time.Second,
		V: "public", L: 1, C: 1, SS: []string{""}, M: map[string]string{"k": ""},
	}
	got, err = query.Values(set)
	require.NoError(t, err)
	assert.Equal(t, url.Values{
		"s":    {"s"},
		"b":    {"true"},
		"i":    {"-1"},
		"u":    {"1"},
		"f":    {"0.5"},
		"t":    {"1970-01-01T00:00:00Z"},
		"d":    {"1"},
		"v":    {"public"},
		"l":    {"level-1"},
		"c":    {"green"},
		"ss[]": {""},
		"m[k]": {""},
	}, got, "omitempty sends values that are not zero")
}

func TestValuesSlices(t *testing.T) {
	t.Parallel()
	type options struct {
		Types   []string        `url:"types[],omitempty"`
		IDs     []int64         `url:"id,omitempty"`
		Vis     []visibility    `url:"vis,omitempty"`
		Levels  []level         `url:"levels,omitempty"`
		Cursors []cursor        `url:"cursors,omitempty"`
		Colors  []*color        `url:"colors,omitempty"`
		Names   []*string       `url:"names,omitempty"`
		Times   []time.Time     `url:"times,omitempty"`
		Durs    []time.Duration `url:"durs,omitempty"`
		Bools   []bool          `url:"bools,omitempty"`
	}
	got, err := query.Values(&options{
		Types:   []string{"mention", "follow", "mention"},
		IDs:     []int64{3, 1, 2},
		Vis:     []visibility{"public", "private"},
		Levels:  []level{0, 1},
		Cursors: []cursor{{1}, {2}},
		Colors:  []*color{ptr(color(2)), nil},
		Names:   []*string{nil, ptr("n")},
		Times:   []time.Time{time.Date(2020, 2, 3, 4, 5, 6, 7, time.UTC), {}},
		Durs:    []time.Duration{time.Hour, 0},
		Bools:   []bool{false, true},
	})
	require.NoError(t, err)
	assert.Equal(t, url.Values{
		"types[]": {"mention", "follow", "mention"},
		"id":      {"3", "1", "2"},
		"vis":     {"public", "private"},
		"levels":  {"level-0", "level-1"},
		"cursors": {"c1", "c2"},
		"colors":  {"blue", ""},
		"names":   {"", "n"},
		"times":   {"2020-02-03T04:05:06Z", ""},
		"durs":    {"3600", "0"},
		"bools":   {"false", "true"},
	}, got)
	assert.Equal(t, "id=3&id=1&id=2", url.Values{"id": got["id"]}.Encode(), "elements keep their order")
}

func TestValuesMaps(t *testing.T) {
	t.Parallel()
	type options struct {
		Alerts map[string]bool       `url:"data[alerts],omitempty"`
		Counts map[key]*int          `url:"counts,omitempty"`
		Vis    map[string]visibility `url:"vis,omitempty"`
		Levels map[string]level      `url:"levels,omitempty"`
		Times  map[string]time.Time  `url:"times,omitempty"`
		Curs   map[string]cursor     `url:"curs,omitempty"`
	}
	got, err := query.Values(options{
		Alerts: map[string]bool{"mention": true, "follow": false, "favourite": true},
		Counts: map[key]*int{"b": ptr(2), "a": nil},
		Vis:    map[string]visibility{"x": "public"},
		Levels: map[string]level{"x": 4},
		Times:  map[string]time.Time{"x": time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)},
		Curs:   map[string]cursor{"x": {9}},
	})
	require.NoError(t, err)
	assert.Equal(t, url.Values{
		"data[alerts][favourite]": {"true"},
		"data[alerts][follow]":    {"false"},
		"data[alerts][mention]":   {"true"},
		"counts[a]":               {""},
		"counts[b]":               {"2"},
		"vis[x]":                  {"public"},
		"levels[x]":               {"level-4"},
		"times[x]":                {"2021-01-01T00:00:00Z"},
		"curs[x]":                 {"c9"},
	}, got)
}

// Base is embedded, exported, in the options below.
type Base struct {
	MaxID string `url:"max_id,omitempty"`
	Limit int    `url:"limit,omitempty"`
}

// inner is embedded, unexported, in the options below.
type inner struct {
	Local bool `url:"local,omitempty"`
	Deep
}

// Deep is embedded two levels down.
type Deep struct {
	Remote bool `url:"remote,omitempty"`
}

// extra is embedded through a pointer.
type extra struct {
	OnlyMedia bool `url:"only_media"`
}

func TestValuesEmbedded(t *testing.T) {
	t.Parallel()
	type options struct {
		Base
		inner
		*extra
		Skipped  Base   `url:"-"`
		Tag      string `url:"tag,omitempty"`
		notEmbed Base
		visibility
	}
	tests := []struct {
		name string
		opts any
		want url.Values
	}{
		{"all set", options{
			Base:       Base{MaxID: "9", Limit: 20},
			inner:      inner{Local: true, Deep: Deep{Remote: true}},
			extra:      &extra{OnlyMedia: false},
			Skipped:    Base{MaxID: "no"},
			Tag:        "go",
			notEmbed:   Base{MaxID: "no"},
			visibility: "no",
		}, url.Values{
			"max_id": {"9"}, "limit": {"20"}, "local": {"true"}, "remote": {"true"},
			"only_media": {"false"}, "tag": {"go"},
		}},
		{"nil embedded pointer contributes nothing", &options{Tag: "go"}, url.Values{"tag": {"go"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := query.Values(tt.opts)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestValuesNilAndEmpty(t *testing.T) {
	t.Parallel()
	type options struct {
		Limit int `url:"limit"`
	}
	for name, opts := range map[string]any{
		"nil":                nil,
		"nil pointer":        (*options)(nil),
		"nil pointer to ptr": (**options)(nil),
		"pointer to nil":     ptr((*options)(nil)),
		"no fields":          struct{}{},
		"no tagged fields":   struct{ A int }{1},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got, err := query.Values(opts)
			require.NoError(t, err)
			assert.NotNil(t, got)
			assert.Empty(t, got)
		})
	}
}

func TestValuesNotAStruct(t *testing.T) {
	t.Parallel()
	for _, opts := range []any{
		1, ptr(1), "limit=1", []string{"a"}, map[string]string{"a": "b"},
		url.Values{"a": {"b"}}, (*int)(nil), func() {},
	} {
		t.Run(fmt.Sprintf("%T", opts), func(t *testing.T) {
			t.Parallel()
			got, err := query.Values(opts)
			require.Error(t, err)
			assert.Nil(t, got)
			assert.ErrorContains(t, err, "query: options must be a struct or a pointer to one, not "+fmt.Sprintf("%T", opts))
		})
	}
}

// badEmbedded is embedded in a test of errors in embedded structs.
type badEmbedded struct {
	Ch chan int `url:"ch"`
}

// selfEmbedding embeds itself through a pointer.
type selfEmbedding struct {
	*selfEmbedding
	A int `url:"a"`
}

func TestValuesErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		opts any
		want string
	}{
		{"channel", struct {
			Ch chan int `url:"ch"`
		}{}, "query: field struct { Ch chan int \"url:\\\"ch\\\"\" }.Ch: unsupported type chan int"},
		{"func", &struct {
			F func() `url:"f"`
		}{}, ".F: unsupported type func()"},
		{"struct", struct {
			S Base `url:"s"`
		}{}, ".S: unsupported type query_test.Base"},
		{"interface", struct {
			A any `url:"a"`
		}{A: 1}, ".A: unsupported type interface {}"},
		{"Stringer interface", struct {
			S fmt.Stringer `url:"s"`
		}{}, ".S: unsupported type fmt.Stringer"},
		{"complex", struct {
			C complex128 `url:"c"`
		}{}, ".C: unsupported type complex128"},
		{"array", struct {
			A [2]string `url:"a"`
		}{}, ".A: unsupported type [2]string"},
		{"slice of slices", struct {
			S [][]string `url:"s"`
		}{}, ".S: unsupported type [][]string"},
		{"slice of structs", struct {
			S []Base `url:"s"`
		}{}, ".S: unsupported type []query_test.Base"},
		{"pointer to slice", struct {
			S *[]string `url:"s"`
		}{}, ".S: unsupported type *[]string"},
		{"pointer to map", struct {
			M *map[string]string `url:"m"`
		}{}, ".M: unsupported type *map[string]string"},
		{"map with int keys", struct {
			M map[int]string `url:"m"`
		}{}, ".M: unsupported type map[int]string: map keys must be strings"},
		{"map of slices", struct {
			M map[string][]string `url:"m"`
		}{}, ".M: unsupported type map[string][]string"},
		{"unsupported type behind a nil pointer", (*struct {
			Ch chan int `url:"ch"`
		})(nil), ".Ch: unsupported type chan int"},
		{"unsupported type in embedded struct", struct {
			badEmbedded
		}{}, ".badEmbedded.Ch: unsupported type chan int"},
		{"no name", struct {
			A string `url:",omitempty"`
		}{}, `.A: url tag ",omitempty" has no name`},
		{"empty tag", struct {
			A string `url:""`
		}{}, `.A: url tag "" has no name`},
		{"unknown option", struct {
			A string `url:"a,omitempty,inline"`
		}{}, `.A: url tag "a,omitempty,inline" has an unknown option "inline"`},
		{"misspelt omitempty", struct {
			A string `url:"a,omitempy"`
		}{}, `.A: url tag "a,omitempy" has an unknown option "omitempy"`},
		{"unexported tagged field", struct {
			a string `url:"a"`
		}{}, ".a has a url tag but is not exported"},
		{"duplicate names", struct {
			A string `url:"a"`
			B int    `url:"a,omitempty"`
		}{}, `.A and struct { A string "url:\"a\""; B int "url:\"a,omitempty\"" }.B have the same name "a"`},
		{"duplicate names through embedding", struct {
			Base
			Limit int `url:"limit"`
		}{}, `.Base.Limit and struct { query_test.Base; Limit int "url:\"limit\"" }.Limit have the same name "limit"`},
		{"embeds itself", selfEmbedding{selfEmbedding: &selfEmbedding{}}, "query: field query_test.selfEmbedding.selfEmbedding: query_test.selfEmbedding embeds itself"},
		{"MarshalText fails", struct {
			F failing `url:"f"`
		}{}, "query: field struct { F query_test.failing \"url:\\\"f\\\"\" }.F: cannot marshal"},
		{"MarshalText fails in a slice", struct {
			F []failing `url:"f"`
		}{F: []failing{{}}}, ".F: cannot marshal"},
		{"MarshalText fails in a map", struct {
			F map[string]*failing `url:"f"`
		}{F: map[string]*failing{"a": {}}}, ".F: cannot marshal"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var got url.Values
			require.NotPanics(t, func() {
				var err error
				got, err = query.Values(tt.opts)
				require.Error(t, err)
				assert.ErrorContains(t, err, tt.want)
				assert.Contains(t, err.Error(), "query: ")
			})
			assert.Nil(t, got)
		})
	}
}

func TestValuesMarshalTextErrorIsWrapped(t *testing.T) {
	t.Parallel()
	_, err := query.Values(struct {
		F *failing `url:"f"`
	}{F: &failing{}})
	assert.ErrorIs(t, err, errFailing)
}

func TestValuesConcurrent(t *testing.T) {
	t.Parallel()
	opts := &struct {
		Base
		Types []string `url:"types[]"`
	}{Base: Base{Limit: 3}, Types: []string{"a"}}
	done := make(chan url.Values)
	for range 8 {
		go func() {
			v, _ := query.Values(opts)
			done <- v
		}()
	}
	for range 8 {
		assert.Equal(t, url.Values{"limit": {"3"}, "types[]": {"a"}}, <-done)
	}
}

// listOptions is shaped like mastodon.ListOptions.
type listOptions struct {
	MaxID     string   `url:"max_id,omitempty"`
	Limit     int      `url:"limit,omitempty"`
	OnlyMedia bool     `url:"only_media,omitempty"`
	Types     []string `url:"types[],omitempty"`
}

func TestAddTo(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		path string
		opts any
		want string
	}{
		{"no query", "api/v1/timelines/home", &listOptions{MaxID: "9", Limit: 20},
			"api/v1/timelines/home?limit=20&max_id=9"},
		{"absolute URL", "https://mastodon.example/api/v1/timelines/home", listOptions{Limit: 1},
			"https://mastodon.example/api/v1/timelines/home?limit=1"},
		{"brackets escaped", "api/v1/notifications", &listOptions{Types: []string{"mention", "follow"}},
			"api/v1/notifications?types%5B%5D=mention&types%5B%5D=follow"},
		{"merged with existing query", "api/v1/timelines/public?local=true", &listOptions{OnlyMedia: true},
			"api/v1/timelines/public?local=true&only_media=true"},
		{"options replace the same name", "api/v1/accounts/1/followers?limit=2&max_id=7628164&x=1&x=2",
			&listOptions{Limit: 40}, "api/v1/accounts/1/followers?limit=40&max_id=7628164&x=1&x=2"},
		{"empty query", "api/v1/timelines/home?", &listOptions{Limit: 5}, "api/v1/timelines/home?limit=5"},
		{"fragment kept at the end", "page?a=1#top", &listOptions{Limit: 5}, "page?a=1&limit=5#top"},
		{"empty path", "", &listOptions{Limit: 5}, "?limit=5"},
		{"escaped path kept", "api/v1/tags/caf%C3%A9", &listOptions{Limit: 5}, "api/v1/tags/caf%C3%A9?limit=5"},
		{"no options", "api/v1/timelines/home?b=2&a=1", &listOptions{}, "api/v1/timelines/home?b=2&a=1"},
		{"nil options", "api/v1/timelines/home", nil, "api/v1/timelines/home"},
		{"nil pointer options", "api/v1/timelines/home", (*listOptions)(nil), "api/v1/timelines/home"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := query.AddTo(tt.path, tt.opts)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestAddToErrors(t *testing.T) {
	t.Parallel()
	t.Run("bad options", func(t *testing.T) {
		t.Parallel()
		got, err := query.AddTo("api/v1/statuses", 42)
		assert.ErrorContains(t, err, "query: options must be a struct")
		assert.Empty(t, got)
	})
	t.Run("malformed query", func(t *testing.T) {
		t.Parallel()
		got, err := query.AddTo("api/v1/statuses?access_token=secret%zz", &listOptions{Limit: 1})
		require.Error(t, err)
		assert.ErrorContains(t, err, "query: malformed query in path")
		assert.NotContains(t, err.Error(), "secret", "the error does not quote the path")
		assert.Empty(t, got)
	})
}
