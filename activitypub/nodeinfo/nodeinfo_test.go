package nodeinfo_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fedikit/fedikit/activitypub/nodeinfo"
)

func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return b
}

func decodeFile(t *testing.T, name string) *nodeinfo.NodeInfo {
	t.Helper()
	var n nodeinfo.NodeInfo
	require.NoError(t, json.Unmarshal(readTestdata(t, name), &n))
	return &n
}

func count(v int64) *int64 { return &v }

func TestDecodeGoToSocial21(t *testing.T) {
	t.Parallel()
	n := decodeFile(t, "gotosocial/nodeinfo.json")
	assert.Equal(t, "2.1", n.Version)
	assert.Equal(t, nodeinfo.Software{
		Name:       "gotosocial",
		Version:    "v0.20.0-rc1-8-g57cb4fe74",
		Repository: "https://codeberg.org/superseriousbusiness/gotosocial",
		Homepage:   "https://docs.gotosocial.org",
	}, n.Software)
	assert.Equal(t, []string{"activitypub"}, n.Protocols)
	assert.Nil(t, n.Services.Inbound)
	assert.Nil(t, n.Services.Outbound)
	assert.False(t, n.OpenRegistrations)
	assert.Equal(t, count(3), n.Usage.Users.Total)
	assert.Nil(t, n.Usage.Users.ActiveMonth)
	assert.Nil(t, n.Usage.Users.ActiveHalfyear)
	assert.Equal(t, count(6), n.Usage.LocalPosts)
	assert.Nil(t, n.Usage.LocalComments)
	assert.JSONEq(t, `{}`, string(n.Metadata))
}

func TestDecodeGoToSocial20(t *testing.T) {
	t.Parallel()
	n := decodeFile(t, "gotosocial/nodeinfo-2.0.json")
	assert.Equal(t, "2.0", n.Version)
	assert.Equal(t, nodeinfo.Software{Name: "gotosocial", Version: "v0.20.0-rc1-8-g57cb4fe74"}, n.Software)
	assert.Equal(t, []string{"activitypub"}, n.Protocols)
	assert.Equal(t, count(3), n.Usage.Users.Total)
	assert.Equal(t, count(6), n.Usage.LocalPosts)
}

func TestDecodeMastodonStyle(t *testing.T) {
	t.Parallel()
	n := decodeFile(t, "handwritten/mastodon-style.json")
	assert.Equal(t, "2.0", n.Version)
	assert.Equal(t, nodeinfo.Software{Name: "mastodon", Version: "4.3.2"}, n.Software)
	assert.True(t, n.OpenRegistrations)
	assert.Equal(t, nodeinfo.Users{Total: count(48213), ActiveHalfyear: count(11873), ActiveMonth: count(5120)}, n.Usage.Users)
	assert.Equal(t, count(2716549), n.Usage.LocalPosts)

	var meta struct {
		NodeName        string `json:"nodeName"`
		NodeDescription string `json:"nodeDescription"`
	}
	require.NoError(t, n.DecodeMetadata(&meta))
	assert.Equal(t, "Example Social", meta.NodeName)
	assert.Equal(t, "A made-up server for tests.", meta.NodeDescription)
}

func TestDecodeMisskeyStrings(t *testing.T) {
	t.Parallel()
	n := decodeFile(t, "handwritten/misskey-strings.json")
	assert.Equal(t, "2.1", n.Version)
	assert.Equal(t, "misskey", n.Software.Name, "the name is turned to lower case")
	assert.Equal(t, "2024.11.0", n.Software.Version)
	assert.Equal(t, "https://github.com/misskey-dev/misskey", n.Software.Repository)
	assert.Equal(t, "https://misskey-hub.net/", n.Software.Homepage)
	assert.Nil(t, n.Services.Inbound)
	assert.Equal(t, []string{"atom1.0", "rss2.0"}, n.Services.Outbound)
	assert.True(t, n.OpenRegistrations, `"true" as a string`)
	assert.Equal(t, nodeinfo.Users{Total: count(1234), ActiveHalfyear: count(567), ActiveMonth: count(89)}, n.Usage.Users)
	assert.Equal(t, count(98765), n.Usage.LocalPosts)
	assert.Equal(t, count(0), n.Usage.LocalComments)

	var meta struct {
		Maintainer struct{ Name, Email string } `json:"maintainer"`
	}
	require.NoError(t, n.DecodeMetadata(&meta))
	assert.Equal(t, "admin@misskey.example", meta.Maintainer.Email)
}

func TestDecodeMissingUsage(t *testing.T) {
	t.Parallel()
	n := decodeFile(t, "handwritten/missing-usage.json")
	assert.Equal(t, "2.0", n.Version)
	assert.Equal(t, "tinyserver", n.Software.Name)
	assert.Equal(t, nodeinfo.Usage{}, n.Usage)
	assert.Equal(t, nodeinfo.Services{}, n.Services)
	assert.False(t, n.OpenRegistrations)
	assert.Equal(t, "{}", string(n.Metadata))
}

func TestDecodeProtocolsObject(t *testing.T) {
	t.Parallel()
	n := decodeFile(t, "handwritten/protocols-object.json")
	assert.Equal(t, "1.1", n.Version)
	assert.Equal(t, []string{"diaspora", "smtp"}, n.Protocols, "inbound and outbound flattened, without duplicates")
	assert.Equal(t, []string{"twitter", "tumblr"}, n.Services.Outbound)
	assert.Equal(t, count(40077), n.Usage.LocalComments)
}

func TestDecodeNullMembers(t *testing.T) {
	t.Parallel()
	n := decodeFile(t, "handwritten/null-members.json")
	assert.Equal(t, nodeinfo.Software{Name: "akkoma", Version: "3.13.2"}, n.Software)
	assert.Nil(t, n.Protocols)
	assert.Equal(t, nodeinfo.Services{}, n.Services)
	assert.False(t, n.OpenRegistrations)
	assert.Equal(t, nodeinfo.Usage{}, n.Usage)
	assert.Equal(t, "{}", string(n.Metadata))
}

func TestDecodePHPEmptyArrays(t *testing.T) {
	t.Parallel()
	n := decodeFile(t, "handwritten/php-empty-arrays.json")
	assert.Equal(t, []string{"dfrn", "activitypub", "diaspora"}, n.Protocols)
	assert.Equal(t, nodeinfo.Services{}, n.Services)
	assert.Equal(t, nodeinfo.Users{}, n.Usage.Users)
	assert.Equal(t, count(0), n.Usage.LocalPosts)
	assert.Equal(t, "{}", string(n.Metadata))
	assert.True(t, n.OpenRegistrations)
}

func TestDecodeLenientValues(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		doc   string
		check func(t *testing.T, n *nodeinfo.NodeInfo)
	}{
		{"count as float with exponent", `{"version":"2.1","usage":{"users":{"total":1.2e3}}}`, func(t *testing.T, n *nodeinfo.NodeInfo) {
			assert.Equal(t, count(1200), n.Usage.Users.Total)
		}},
		{"count as padded string", `{"version":"2.1","usage":{"localPosts":" 42 "}}`, func(t *testing.T, n *nodeinfo.NodeInfo) {
			assert.Equal(t, count(42), n.Usage.LocalPosts)
		}},
		{"empty string count", `{"version":"2.1","usage":{"localPosts":""}}`, func(t *testing.T, n *nodeinfo.NodeInfo) {
			assert.Nil(t, n.Usage.LocalPosts)
		}},
		{"negative count", `{"version":"2.1","usage":{"users":{"total":-1,"activeMonth":"-5"}}}`, func(t *testing.T, n *nodeinfo.NodeInfo) {
			assert.Nil(t, n.Usage.Users.Total)
			assert.Nil(t, n.Usage.Users.ActiveMonth)
		}},
		{"largest count", `{"version":"2.1","usage":{"localPosts":9223372036854775807}}`, func(t *testing.T, n *nodeinfo.NodeInfo) {
			assert.Equal(t, count(9223372036854775807), n.Usage.LocalPosts)
		}},
		{"protocols as one string", `{"version":"2.0","protocols":"activitypub"}`, func(t *testing.T, n *nodeinfo.NodeInfo) {
			assert.Equal(t, []string{"activitypub"}, n.Protocols)
		}},
		{"null in a list", `{"version":"2.0","protocols":["activitypub",null]}`, func(t *testing.T, n *nodeinfo.NodeInfo) {
			assert.Equal(t, []string{"activitypub"}, n.Protocols)
		}},
		{"software version as a number", `{"version":"2.0","software":{"name":"x","version":1.10}}`, func(t *testing.T, n *nodeinfo.NodeInfo) {
			assert.Equal(t, "1.10", n.Software.Version)
		}},
		{"openRegistrations as FALSE string", `{"version":"2.0","openRegistrations":"FALSE"}`, func(t *testing.T, n *nodeinfo.NodeInfo) {
			assert.False(t, n.OpenRegistrations)
		}},
		{"metadata not an object", `{"version":"2.0","metadata":"hello"}`, func(t *testing.T, n *nodeinfo.NodeInfo) {
			assert.Equal(t, "{}", string(n.Metadata))
		}},
		{"version padded", `{"version":" 2.1 "}`, func(t *testing.T, n *nodeinfo.NodeInfo) {
			assert.Equal(t, "2.1", n.Version)
		}},
		{"unknown members ignored", `{"version":"2.2","instance":{"name":"x"},"software":{"name":"x","version":"1","extra":1}}`, func(t *testing.T, n *nodeinfo.NodeInfo) {
			assert.Equal(t, "2.2", n.Version)
			assert.Equal(t, "x", n.Software.Name)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var n nodeinfo.NodeInfo
			require.NoError(t, json.Unmarshal([]byte(tt.doc), &n))
			tt.check(t, &n)
		})
	}
}

func TestDecodeErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		doc   string
		field string
	}{
		{"version missing", `{"software":{"name":"x","version":"1"}}`, "version"},
		{"version null", `{"version":null}`, "version"},
		{"version empty", `{"version":""}`, "version"},
		{"version as a number", `{"version":2.1}`, "version"},
		{"not an object", `["2.1"]`, ""},
		{"software as a string", `{"version":"2.1","software":"mastodon"}`, "software"},
		{"software name as a number", `{"version":"2.1","software":{"name":1}}`, "software.name"},
		{"repository as an object", `{"version":"2.1","software":{"name":"x","repository":{}}}`, "software.repository"},
		{"protocols as a number", `{"version":"2.1","protocols":1}`, "protocols"},
		{"protocol item as a number", `{"version":"2.1","protocols":["activitypub",7]}`, "protocols[1]"},
		{"1.x protocols with a number", `{"version":"1.0","protocols":{"inbound":["x"],"outbound":true}}`, "protocols.outbound"},
		{"services as a string", `{"version":"2.1","services":"none"}`, "services"},
		{"services item as an object", `{"version":"2.1","services":{"inbound":[{}]}}`, "services.inbound[0]"},
		{"openRegistrations as a number", `{"version":"2.1","openRegistrations":1}`, "openRegistrations"},
		{"openRegistrations as another string", `{"version":"2.1","openRegistrations":"yes"}`, "openRegistrations"},
		{"usage as a number", `{"version":"2.1","usage":5}`, "usage"},
		{"users as a number", `{"version":"2.1","usage":{"users":5}}`, "usage.users"},
		{"count as a boolean", `{"version":"2.1","usage":{"users":{"total":true}}}`, "usage.users.total"},
		{"count with a fraction", `{"version":"2.1","usage":{"users":{"activeMonth":1.5}}}`, "usage.users.activeMonth"},
		{"count as a word", `{"version":"2.1","usage":{"localPosts":"many"}}`, "usage.localPosts"},
		{"count as hex", `{"version":"2.1","usage":{"localPosts":"0x10"}}`, "usage.localPosts"},
		{"count too large", `{"version":"2.1","usage":{"localComments":9223372036854775808}}`, "usage.localComments"},
		{"count as an object", `{"version":"2.1","usage":{"localComments":{}}}`, "usage.localComments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var n nodeinfo.NodeInfo
			err := json.Unmarshal([]byte(tt.doc), &n)
			require.Error(t, err)
			assert.ErrorIs(t, err, nodeinfo.ErrInvalidDocument)
			var de *nodeinfo.DecodeError
			require.ErrorAs(t, err, &de)
			assert.Equal(t, tt.field, de.Field)
			assert.Contains(t, err.Error(), "nodeinfo: invalid document: "+tt.field)
		})
	}
}

func TestDecodeNullLeavesValue(t *testing.T) {
	t.Parallel()
	n := nodeinfo.NodeInfo{Version: "2.1"}
	require.NoError(t, json.Unmarshal([]byte("null"), &n))
	assert.Equal(t, "2.1", n.Version)
}

func TestMarshal21(t *testing.T) {
	t.Parallel()
	n := decodeFile(t, "gotosocial/nodeinfo.json")
	got, err := json.Marshal(n)
	require.NoError(t, err)
	assert.JSONEq(t, string(readTestdata(t, "gotosocial/nodeinfo.json")), string(got))
}

func TestMarshal20(t *testing.T) {
	t.Parallel()
	n := decodeFile(t, "gotosocial/nodeinfo.json")
	n.Version = "2.0"
	got, err := json.Marshal(n)
	require.NoError(t, err)
	assert.JSONEq(t, string(readTestdata(t, "gotosocial/nodeinfo-2.0.json")), string(got),
		"a 2.0 document has no software.repository or software.homepage")
}

func TestMarshalZeroValue(t *testing.T) {
	t.Parallel()
	got, err := json.Marshal(nodeinfo.NodeInfo{Software: nodeinfo.Software{Name: "MyServer", Version: "1"}})
	require.NoError(t, err)
	assert.JSONEq(t, `{
		"version": "2.1",
		"software": {"name": "myserver", "version": "1"},
		"protocols": [],
		"services": {"inbound": [], "outbound": []},
		"openRegistrations": false,
		"usage": {"users": {}},
		"metadata": {}
	}`, string(got))
}

func TestMarshalBadMetadata(t *testing.T) {
	t.Parallel()
	for _, meta := range []string{`[]`, `"x"`, `{"a":`, `1`} {
		_, err := json.Marshal(nodeinfo.NodeInfo{Metadata: json.RawMessage(meta)})
		require.Error(t, err, meta)
		assert.Contains(t, err.Error(), "nodeinfo: metadata is not a JSON object")
	}
}

func TestDecodeMetadataEmpty(t *testing.T) {
	t.Parallel()
	var n nodeinfo.NodeInfo
	m := map[string]any{"kept": true}
	require.NoError(t, n.DecodeMetadata(&m))
	assert.Equal(t, map[string]any{"kept": true}, m)

	n.Metadata = json.RawMessage(`{"a":1}`)
	var wrong []int
	err := n.DecodeMetadata(&wrong)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "nodeinfo: decode metadata")
	var te *json.UnmarshalTypeError
	assert.True(t, errors.As(err, &te))
}
