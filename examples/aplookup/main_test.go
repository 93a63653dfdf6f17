package main

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fedikit/fedikit/activitypub"
	"github.com/fedikit/fedikit/httpsig"
	"github.com/fedikit/fedikit/webfinger"
)

// fixture is a fediverse server on loopback, over TLS with the test
// certificate, with a few accounts and objects:
//
//   - @alice: a plain actor;
//   - @locked: an actor whose document needs a request signed by key;
//   - @impostor: a WebFinger self link whose document names another id;
//   - /notes/elsewhere: a note whose id is on another origin;
//   - /notes/gone (410) and /notes/tombstone (a Tombstone).
type fixture struct {
	srv    *httptest.Server
	host   string // 127.0.0.1:port
	origin string // https://127.0.0.1:port
	ca     string // the server's certificate, as a PEM file
	alice  string // alice's actor document, exactly as served
	key    *activitypub.ActorKey

	mu       sync.Mutex
	requests int
	signedBy []string // keyIds of verified signatures
}

func setup(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{}
	mux := http.NewServeMux()
	f.srv = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.requests++
		f.mu.Unlock()
		mux.ServeHTTP(w, r)
	}))
	// A refused connection logs a TLS handshake error: keep it quiet.
	f.srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	f.srv.StartTLS()
	t.Cleanup(f.srv.Close)
	f.origin = f.srv.URL
	f.host = strings.TrimPrefix(f.srv.URL, "https://")

	f.ca = filepath.Join(t.TempDir(), "ca.pem")
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: f.srv.Certificate().Raw})
	require.NoError(t, os.WriteFile(f.ca, certPEM, 0o600))

	var err error
	f.key, err = activitypub.GenerateRSAKey("https://my.example/users/bot", "https://my.example/users/bot#main-key")
	require.NoError(t, err)

	f.alice = f.actorJSON("alice", "Alice")
	activityJSON := func(w http.ResponseWriter, body string) {
		w.Header().Set("Content-Type", webfinger.MediaTypeActivity)
		_, _ = io.WriteString(w, body)
	}

	mux.Handle("/.well-known/webfinger", webfinger.NewHandler(webfinger.ResolverFunc(func(_ context.Context, resource string) (*webfinger.JRD, error) {
		user, ok := strings.CutSuffix(strings.TrimPrefix(resource, "acct:"), "@"+f.host)
		if !ok || (user != "alice" && user != "locked" && user != "impostor") {
			return nil, webfinger.ErrNotFound
		}
		return &webfinger.JRD{
			Subject: "acct:" + user + "@" + f.host,
			Links:   []webfinger.Link{{Rel: webfinger.RelSelf, Type: webfinger.MediaTypeActivity, Href: f.origin + "/users/" + user}},
		}, nil
	}), nil))
	mux.HandleFunc("GET /users/alice", func(w http.ResponseWriter, _ *http.Request) { activityJSON(w, f.alice) })
	mux.HandleFunc("GET /users/impostor", func(w http.ResponseWriter, _ *http.Request) { activityJSON(w, f.alice) })

	verifier := httpsig.NewVerifier(httpsig.KeyResolverFunc(func(_ context.Context, keyID string) (*httpsig.Key, error) {
		if keyID != f.key.ID {
			return nil, httpsig.ErrKeyNotFound
		}
		return &httpsig.Key{ID: keyID, Owner: f.key.Owner, PublicKey: f.key.Signer.Public()}, nil
	}), nil)
	locked := f.actorJSON("locked", "Locked")
	mux.HandleFunc("GET /users/locked", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Signature") == "" && r.Header.Get("Signature-Input") == "" {
			http.Error(w, "signature required", http.StatusUnauthorized)
			return
		}
		res, err := verifier.VerifyRequest(r)
		if err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		f.mu.Lock()
		f.signedBy = append(f.signedBy, res.KeyID)
		f.mu.Unlock()
		activityJSON(w, locked)
	})

	mux.HandleFunc("GET /notes/elsewhere", func(w http.ResponseWriter, _ *http.Request) {
		activityJSON(w, `{"@context":"https://www.w3.org/ns/activitystreams","id":"https://other.example/notes/1","type":"Note","content":"not mine"}`)
	})
	mux.HandleFunc("GET /notes/gone", func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "gone", http.StatusGone)
	})
	mux.HandleFunc("GET /notes/tombstone", func(w http.ResponseWriter, _ *http.Request) {
		activityJSON(w, `{"@context":"https://www.w3.org/ns/activitystreams","id":"`+f.origin+`/notes/tombstone","type":"Tombstone"}`)
	})
	mux.HandleFunc("GET /page", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		_, _ = io.WriteString(w, "<p>hello</p>")
	})
	return f
}

// actorJSON returns a compact actor document for user on the fixture.
func (f *fixture) actorJSON(user, name string) string {
	id := f.origin + "/users/" + user
	return fmt.Sprintf(`{"@context":["https://www.w3.org/ns/activitystreams","https://w3id.org/security/v1"],`+
		`"id":%q,"type":"Person","preferredUsername":%q,"name":%q,"inbox":%q,"outbox":%q}`,
		id, user, name, id+"/inbox", id+"/outbox")
}

// handle returns user's handle on the fixture.
func (f *fixture) handle(user string) string { return "@" + user + "@" + f.host }

// args returns the flags that let aplookup reach the fixture, then rest.
func (f *fixture) args(rest ...string) []string {
	return append([]string{"-allow-loopback", "-ca", f.ca, "-timeout", "10s"}, rest...)
}

// writeKey writes f.key as a PKCS #8 PEM file and returns its name.
func (f *fixture) writeKey(t *testing.T) string {
	t.Helper()
	der, err := x509.MarshalPKCS8PrivateKey(f.key.Signer)
	require.NoError(t, err)
	name := filepath.Join(t.TempDir(), "key.pem")
	require.NoError(t, os.WriteFile(name, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600))
	return name
}

// aplookup runs the command with args.
func aplookup(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(t.Context(), args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestLookupHandle(t *testing.T) {
	t.Parallel()
	f := setup(t)

	code, out, errOut := aplookup(t, f.args(f.handle("alice"))...)
	require.Equal(t, exitOK, code, errOut)
	assert.Empty(t, errOut)
	assert.Contains(t, out, `"id": "`+f.origin+`/users/alice"`)
	assert.Greater(t, strings.Count(out, "\n"), 5, "the output is indented")
	var compact bytes.Buffer
	require.NoError(t, json.Compact(&compact, []byte(out)))
	assert.Equal(t, f.alice, compact.String())
}

func TestLookupHandleForms(t *testing.T) {
	t.Parallel()
	f := setup(t)
	for _, h := range []string{"acct:alice@" + f.host, "alice@" + f.host} {
		code, out, errOut := aplookup(t, f.args("-raw", h)...)
		require.Equal(t, exitOK, code, "%s: %s", h, errOut)
		assert.Equal(t, f.alice+"\n", out, h)
	}
}

func TestLookupRaw(t *testing.T) {
	t.Parallel()
	f := setup(t)

	code, out, errOut := aplookup(t, f.args("-raw", f.handle("alice"))...)
	require.Equal(t, exitOK, code, errOut)
	assert.Equal(t, f.alice+"\n", out)
}

func TestLookupURL(t *testing.T) {
	t.Parallel()
	f := setup(t)

	code, out, errOut := aplookup(t, f.args(f.origin+"/users/alice")...)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, `"id": "`+f.origin+`/users/alice"`)
	assert.Contains(t, out, `"preferredUsername": "alice"`)
}

func TestLookupSeveral(t *testing.T) {
	t.Parallel()
	f := setup(t)

	code, out, errOut := aplookup(t, f.args("-raw", f.handle("alice"), f.origin+"/users/alice")...)
	require.Equal(t, exitOK, code, errOut)
	assert.Equal(t, f.alice+"\n"+f.alice+"\n", out)
}

// A failure is reported and the other arguments are still looked up.
func TestLookupSeveralOneFails(t *testing.T) {
	t.Parallel()
	f := setup(t)

	code, out, errOut := aplookup(t, f.args("-raw", f.origin+"/notes/gone", f.handle("alice"))...)
	assert.Equal(t, exitFailure, code)
	assert.Equal(t, f.alice+"\n", out)
	assert.Contains(t, errOut, f.origin+"/notes/gone: gone")
}

func TestLookupSigned(t *testing.T) {
	t.Parallel()
	f := setup(t)
	keyFile := f.writeKey(t)

	for _, arg := range []string{f.handle("locked"), f.origin + "/users/locked"} {
		code, out, errOut := aplookup(t, f.args("-key", keyFile, "-key-id", f.key.ID, arg)...)
		require.Equal(t, exitOK, code, "%s: %s", arg, errOut)
		assert.Contains(t, out, `"id": "`+f.origin+`/users/locked"`, arg)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	assert.Equal(t, []string{f.key.ID, f.key.ID}, f.signedBy)
}

// Without a key, a server that requires signatures refuses, and the
// message says which flags would help.
func TestLookupUnsignedRefused(t *testing.T) {
	t.Parallel()
	f := setup(t)

	code, out, errOut := aplookup(t, f.args(f.handle("locked"))...)
	assert.Equal(t, exitFailure, code)
	assert.Empty(t, out)
	assert.Contains(t, errOut, "401")
	assert.Contains(t, errOut, "-key")
}

// A key the server does not know is refused, and the message does not
// suggest -key, which was given.
func TestLookupSignedWithUnknownKey(t *testing.T) {
	t.Parallel()
	f := setup(t)
	keyFile := f.writeKey(t)

	code, _, errOut := aplookup(t, f.args("-key", keyFile, "-key-id", "https://my.example/users/other#main-key", f.origin+"/users/locked")...)
	assert.Equal(t, exitFailure, code)
	assert.Contains(t, errOut, "did not accept our signature")
}

func TestLookupErrors(t *testing.T) {
	t.Parallel()
	f := setup(t)

	for _, tc := range []struct {
		name, arg string
		want      []string
	}{
		{"origin mismatch", f.origin + "/notes/elsewhere", []string{"origin", "other.example"}},
		{"410", f.origin + "/notes/gone", []string{"gone (410 or Tombstone)", "410"}},
		{"tombstone", f.origin + "/notes/tombstone", []string{"gone (410 or Tombstone)", "Tombstone"}},
		{"404", f.origin + "/notes/none", []string{"not found (404)"}},
		{"not ActivityStreams", f.origin + "/page", []string{"not an ActivityStreams document", "text/html"}},
		{"no such account", f.handle("nobody"), []string{"no such account"}},
		{"impostor", f.handle("impostor"), []string{"does not match the account", f.origin + "/users/impostor"}},
	} {
		code, out, errOut := aplookup(t, f.args(tc.arg)...)
		assert.Equal(t, exitFailure, code, tc.name)
		assert.Empty(t, out, tc.name)
		assert.True(t, strings.HasPrefix(errOut, "aplookup: "+tc.arg+": "), "%s: %s", tc.name, errOut)
		for _, w := range tc.want {
			assert.Contains(t, errOut, w, tc.name)
		}
	}
}

// Loopback is refused unless allowed, before any request is made.
func TestLookupLoopbackRefused(t *testing.T) {
	t.Parallel()
	f := setup(t)

	for _, arg := range []string{f.handle("alice"), f.origin + "/users/alice"} {
		code, out, errOut := aplookup(t, "-ca", f.ca, arg)
		assert.Equal(t, exitFailure, code, arg)
		assert.Empty(t, out, arg)
		assert.Contains(t, errOut, "-allow-loopback", arg)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	assert.Zero(t, f.requests)
}

// Without -ca, the test certificate is not trusted.
func TestLookupUntrustedCertificate(t *testing.T) {
	t.Parallel()
	f := setup(t)

	code, _, errOut := aplookup(t, "-allow-loopback", f.origin+"/users/alice")
	assert.Equal(t, exitFailure, code)
	assert.Contains(t, errOut, "untrusted certificate")
}

func TestLookupBadFiles(t *testing.T) {
	t.Parallel()
	f := setup(t)
	junk := filepath.Join(t.TempDir(), "junk.pem")
	require.NoError(t, os.WriteFile(junk, []byte("not PEM\n"), 0o600))
	missing := filepath.Join(t.TempDir(), "missing.pem")

	for _, args := range [][]string{
		{"-key", junk, "-key-id", f.key.ID},
		{"-key", missing, "-key-id", f.key.ID},
		{"-ca", junk},
		{"-ca", missing},
	} {
		code, out, errOut := aplookup(t, append(args, f.origin+"/users/alice")...)
		assert.Equal(t, exitFailure, code, args)
		assert.Empty(t, out, args)
		assert.Contains(t, errOut, "aplookup: "+args[0]+" ", args)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	assert.Zero(t, f.requests)
}

func TestUsage(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"no arguments", nil, "no handle or URL"},
		{"only flags", []string{"-raw"}, "no handle or URL"},
		{"key without key-id", []string{"-key", "key.pem", "https://a.example/x"}, "-key and -key-id go together"},
		{"key-id without key", []string{"-key-id", "https://a.example/users/a#k", "https://a.example/x"}, "-key and -key-id go together"},
		{"relative key-id", []string{"-key", "key.pem", "-key-id", "main-key", "https://a.example/x"}, "-key-id"},
		{"unknown flag", []string{"-verbose", "https://a.example/x"}, "-verbose"},
		{"zero timeout", []string{"-timeout", "0s", "https://a.example/x"}, "-timeout"},
		{"neither handle nor URL", []string{"a.example/users/a"}, "neither a handle"},
		{"other scheme", []string{"ftp://a.example/x"}, "neither a handle"},
		{"handle without host", []string{"@alice@"}, "user and a host"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			code, out, errOut := aplookup(t, tc.args...)
			assert.Equal(t, exitUsage, code)
			assert.Empty(t, out)
			assert.Contains(t, errOut, tc.want)
		})
	}
}

func TestHelp(t *testing.T) {
	t.Parallel()
	code, out, errOut := aplookup(t, "-h")
	assert.Equal(t, exitOK, code)
	assert.Empty(t, out)
	for _, flag := range []string{"-key", "-key-id", "-raw", "-allow-loopback", "-allow-private", "-allow-http", "-ca", "-timeout"} {
		assert.Regexp(t, `(?m)^  `+flag+`( |$)`, errOut)
	}
}
