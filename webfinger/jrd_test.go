package webfinger

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func readFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	require.NoError(t, err)
	return b
}

func TestParseJRDRealServers(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		file, subject, actor string
	}{
		{"gts-webfinger.json", "acct:alice@gts.test", "http://gts.test/users/alice"},
		{"gts-webfinger-by-actor-uri.json", "acct:alice@gts.test", "http://gts.test/users/alice"},
		{"gts-webfinger-instance-actor.json", "acct:gts.test@gts.test", "http://gts.test/users/gts.test"},
		{"peertube-webfinger-channel.json", "acct:root_channel@127.0.0.1:9000", "http://127.0.0.1:9000/video-channels/root_channel"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			t.Parallel()
			j, err := ParseJRD(readFile(t, tc.file))
			require.NoError(t, err)
			assert.Equal(t, tc.subject, j.Subject)
			l, ok := j.ActorLink()
			require.True(t, ok)
			assert.Equal(t, tc.actor, l.Href)
			// The subject is a valid account that normalizes to itself.
			a, err := ParseAcct(j.Subject)
			require.NoError(t, err)
			assert.Equal(t, tc.subject, a.String())
		})
	}

	j, err := ParseJRD(readFile(t, "gts-webfinger.json"))
	require.NoError(t, err)
	assert.Equal(t, []string{"http://gts.test/users/alice", "http://gts.test/@alice"}, j.Aliases)
	p, ok := j.Link(RelProfilePage)
	require.True(t, ok)
	assert.Equal(t, "text/html", p.Type)

	pt, err := ParseJRD(readFile(t, "peertube-webfinger-channel.json"))
	require.NoError(t, err)
	sub, ok := pt.Link(RelSubscribe)
	require.True(t, ok)
	assert.Equal(t, "http://127.0.0.1:9000/remote-interaction?uri={uri}", sub.Template)
}

func TestParseJRDRFCExamples(t *testing.T) {
	t.Parallel()
	j, err := ParseJRD(readFile(t, "rfc7033-3.1.json"))
	require.NoError(t, err)
	assert.Equal(t, "acct:carol@example.com", j.Subject)
	require.Len(t, j.Links, 1)
	assert.Equal(t, "https://openid.example.com", j.Links[0].Href)

	j, err = ParseJRD(readFile(t, "rfc7033-3.2.json"))
	require.NoError(t, err)
	assert.Equal(t, "http://blog.example.com/article/id/314", j.Subject)
	require.Contains(t, j.Properties, "http://blgx.example.net/ns/ext")
	assert.Nil(t, j.Properties["http://blgx.example.net/ns/ext"])
	assert.Equal(t, "1.3", *j.Properties["http://blgx.example.net/ns/version"])
	author, ok := j.Link("author")
	require.True(t, ok)
	assert.Equal(t, "Le Monde Magique de Steve", author.Titles["fr"])
	assert.Equal(t, "editor", *author.Properties["http://example.com/role"])

	f := j.Filter("copyright")
	require.Len(t, f.Links, 1)
	assert.Equal(t, "copyright", f.Links[0].Rel)
	assert.Len(t, j.Links, 2, "Filter leaves the original alone")
}

func TestParseJRDStrict(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, reason string }{
		{`{"subject": 12}`, "subject is a JSON number, not a string"},
		{`{"links": [{"href": "https://x"}]}`, "link 0 has no rel"},
		{`{"links": {"rel": "self"}}`, "links is a JSON object"},
		{`{"aliases": "https://x"}`, "aliases is a JSON string"},
		{`[]`, "not a JSON object"},
		{``, "not a JSON object"},
		{`{"subject": "acct:a@b"`, "invalid JSON"},
		{`{"error": "Not Found"`, "invalid JSON"},
	} {
		_, err := ParseJRD([]byte(tc.in))
		var me *MalformedError
		require.ErrorAs(t, err, &me, tc.in)
		assert.ErrorIs(t, err, ErrMalformed)
		assert.Contains(t, me.Reason, tc.reason, tc.in)
	}
	// Unknown members are fine.
	j, err := ParseJRD([]byte(`{"subject":"acct:a@b.example","x-extra":{"y":1},"links":[{"rel":"self","z":[1,2]}]}`))
	require.NoError(t, err)
	assert.Equal(t, "acct:a@b.example", j.Subject)
	// A 404 body is a JRD without links; Lookup never parses it.
	j, err = ParseJRD(readFile(t, "gts-webfinger-error-404.json"))
	require.NoError(t, err)
	assert.Empty(t, j.Links)
}

func TestIsActivityMediaType(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]bool{
		"application/activity+json":                                                               true,
		"application/activity+json; charset=utf-8":                                                true,
		`application/ld+json; profile="https://www.w3.org/ns/activitystreams"`:                    true,
		`application/ld+json;profile="https://www.w3.org/ns/activitystreams"`:                     true,
		`application/ld+json; profile="http://example.org https://www.w3.org/ns/activitystreams"`: true,
		"application/ld+json": false,
		"application/json":    false,
		"text/html":           false,
		"":                    false,
	} {
		assert.Equal(t, want, IsActivityMediaType(in), in)
	}
}

func TestParseXRD(t *testing.T) {
	t.Parallel()
	x, err := ParseXRD(readFile(t, "gts-host-meta.xml"))
	require.NoError(t, err)
	require.Len(t, x.Links, 1)
	assert.Equal(t, RelLRDD, x.Links[0].Rel)
	assert.Equal(t, "http://gts.test/.well-known/webfinger?resource={uri}", x.Links[0].Template)

	// RFC 6415's example shape, with a subject, an alias and titles.
	x, err = ParseXRD([]byte(`<?xml version='1.0' encoding='UTF-8'?>
<XRD xmlns='http://docs.oasis-open.org/ns/xri/xrd-1.0'>
  <Subject>http://example.com/xy</Subject>
  <Alias>http://example.com/other</Alias>
  <Link rel='author' href='http://example.com/author'><Title xml:lang='en'>Author</Title><Title>Auteur</Title></Link>
  <Link rel='lrdd' type='application/xrd+xml' template='http://example.com/lrdd?uri={uri}'/>
</XRD>`))
	require.NoError(t, err)
	assert.Equal(t, "http://example.com/xy", x.Subject)
	assert.Equal(t, []string{"http://example.com/other"}, x.Aliases)
	assert.Equal(t, map[string]string{"en": "Author", "und": "Auteur"}, x.Links[0].Titles)

	for _, bad := range []string{
		``, `<html/>`, `<XRD xmlns="urn:other"/>`, `<XRD><Link href="x"/></XRD>`, `<XRD><Link rel="a"`,
		`<!DOCTYPE XRD [<!ENTITY e SYSTEM "file:///etc/passwd">]><XRD><Subject>&e;</Subject></XRD>`,
	} {
		_, err := ParseXRD([]byte(bad))
		assert.ErrorIs(t, err, ErrMalformed, bad)
	}
}

func TestParseAcct(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"acct:alice@social.example":                     "acct:alice@social.example",
		"ACCT:alice@Social.Example":                     "acct:alice@social.example",
		"alice@social.example":                          "acct:alice@social.example",
		"@alice@social.example":                         "acct:alice@social.example",
		"@eu_commission@ec.social-network.europa.eu":    "acct:eu_commission@ec.social-network.europa.eu",
		"alice@bücher.example":                          "acct:alice@xn--bcher-kva.example",
		"alice@BÜCHER.example":                          "acct:alice@xn--bcher-kva.example",
		"juliet%40capulet.example@shoppingsite.example": "acct:juliet%40capulet.example@shoppingsite.example",
		"root_channel@127.0.0.1:9000":                   "acct:root_channel@127.0.0.1:9000",
		"a@[::1]:8080":                                  "acct:a@[::1]:8080",
		"Bob.O'Neill@example.org":                       "acct:Bob.O'Neill@example.org",
		"caf%C3%A9@example.org":                         "acct:caf%C3%A9@example.org",
	} {
		a, err := ParseAcct(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, a.String(), in)
	}
	a, err := ParseAcct("juliet%40capulet.example@shoppingsite.example")
	require.NoError(t, err)
	assert.Equal(t, "juliet@capulet.example", a.User)
	assert.Equal(t, "@juliet@capulet.example@shoppingsite.example", a.Handle())

	for _, bad := range []string{
		"", "alice", "@alice", "alice@", "@social.example", "acct:", "a@b/c", "a@b?c", "a@b c", "a b@c",
		"a@ex ample.org", "a@host:port", "a@host:123456", "a@[::1", "a@[1.2.3.4]", "a@%zz", "a%zz@b",
		"a@-invalid-.example\x00",
	} {
		_, err := ParseAcct(bad)
		assert.ErrorIs(t, err, ErrMalformed, "%q", bad)
	}
}

func TestParseResource(t *testing.T) {
	t.Parallel()
	res, host, acct, err := parseResource("https://Social.Example/users/alice#main")
	require.NoError(t, err)
	assert.Equal(t, "https://social.example/users/alice", res)
	assert.Equal(t, "social.example", host)
	assert.Nil(t, acct)
	_, _, _, err = parseResource("https://user:pw@social.example/")
	assert.ErrorIs(t, err, ErrMalformed)
	_, _, _, err = parseResource("ftp://social.example/x")
	assert.ErrorIs(t, err, ErrMalformed)
}
