// Command aplookup looks up fediverse accounts and objects and prints
// their ActivityStreams documents, the way `fedify lookup` does.
//
//	go run ./examples/aplookup [flags] <@user@host | acct:user@host | https://...>...
//
// A handle (@alice@social.example, acct:alice@social.example, or
// alice@social.example) is resolved to its actor with WebFinger (RFC 7033)
// and the actor document is fetched; a URL is fetched as it is. Several
// arguments are looked up in turn, and a failure does not stop the
// others. Every fetch is checked as [activitypub.Fetcher] checks it: an
// ActivityStreams media type, an id on the origin the document was served
// from, public addresses over https only unless allowed otherwise.
//
// The flags are:
//
//	-key FILE
//	    a PEM private key (PKCS #8, PKCS #1 or SEC 1) to sign fetches with,
//	    for servers that require signed requests ("authorized fetch",
//	    Mastodon's secure mode). Needs -key-id.
//	-key-id IRI
//	    the keyId of that key, such as https://my.example/users/bot#main-key.
//	    The key's owner is the keyId without its fragment. Needs -key.
//	-raw
//	    print each document on one line, every property as received and in
//	    the order received, instead of indented.
//	-allow-loopback, -allow-private, -allow-http
//	    allow loopback addresses, private addresses, plain http: for trying
//	    the tool beside a server on your own machine or network.
//	-ca FILE
//	    a PEM bundle of certificate authorities to trust besides the
//	    system's, for a local server with its own certificate.
//	-timeout DURATION
//	    the time limit of each WebFinger request and each fetch (default
//	    30s).
//
// Errors are printed to standard error. The exit status is 0 when every
// lookup succeeded, 1 when one failed, and 2 when the command line is
// wrong.
package main

import (
	"bytes"
	"context"
	"crypto"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/fedikit/fedikit/activitypub"
	"github.com/fedikit/fedikit/httpsig"
	"github.com/fedikit/fedikit/webfinger"
)

// Exit statuses.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// config is what the command line asks for.
type config struct {
	keyFile, keyID string
	caFile         string
	raw            bool
	allowLoopback  bool
	allowPrivate   bool
	allowHTTP      bool
	timeout        time.Duration
}

// target is one argument: a handle to resolve first, or a URL to fetch.
type target struct {
	arg    string
	handle bool
}

// run is the whole command: it parses args, looks up each target and
// writes the documents to stdout and the errors to stderr. It returns the
// exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var c config
	fs := flag.NewFlagSet("aplookup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: aplookup [flags] <@user@host | acct:user@host | https://...>...

aplookup resolves each fediverse handle (with WebFinger) or URL and prints
its ActivityStreams document.

Flags:
`)
		fs.PrintDefaults()
	}
	fs.StringVar(&c.keyFile, "key", "", "PEM private key `file` (PKCS #8, PKCS #1 or SEC 1) to sign fetches with; needs -key-id")
	fs.StringVar(&c.keyID, "key-id", "", "keyId `IRI` of the -key, such as https://my.example/users/bot#main-key; its owner is the IRI without the fragment")
	fs.BoolVar(&c.raw, "raw", false, "print each document compact, on one line, as received")
	fs.BoolVar(&c.allowLoopback, "allow-loopback", false, "allow loopback addresses (for local testing)")
	fs.BoolVar(&c.allowPrivate, "allow-private", false, "allow private network addresses")
	fs.BoolVar(&c.allowHTTP, "allow-http", false, "allow plain http URLs")
	fs.StringVar(&c.caFile, "ca", "", "PEM `file` of certificate authorities to trust besides the system's")
	fs.DurationVar(&c.timeout, "timeout", 30*time.Second, "time limit of each WebFinger request and each fetch")

	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage // the flag package has said why
	}
	usageError := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "aplookup: "+format+"\n", a...)
		fmt.Fprintln(stderr, "Run aplookup -h for help.")
		return exitUsage
	}
	if fs.NArg() == 0 {
		return usageError("no handle or URL to look up")
	}
	if (c.keyFile == "") != (c.keyID == "") {
		return usageError("-key and -key-id go together: give both to sign fetches, or neither")
	}
	var owner string
	if c.keyID != "" {
		var err error
		if owner, err = keyOwner(c.keyID); err != nil {
			return usageError("-key-id: %v", err)
		}
	}
	if c.timeout <= 0 {
		return usageError("-timeout must be positive")
	}
	targets := make([]target, 0, fs.NArg())
	for _, arg := range fs.Args() {
		t, err := parseTarget(arg)
		if err != nil {
			return usageError("%q: %v", arg, err)
		}
		targets = append(targets, t)
	}

	var key *activitypub.ActorKey
	if c.keyFile != "" {
		signer, err := readKey(c.keyFile)
		if err != nil {
			fmt.Fprintf(stderr, "aplookup: -key %s: %v\n", c.keyFile, err)
			return exitFailure
		}
		key = &activitypub.ActorKey{ID: c.keyID, Owner: owner, Signer: signer}
	}
	var tlsConf *tls.Config
	if c.caFile != "" {
		var err error
		if tlsConf, err = readCA(c.caFile); err != nil {
			fmt.Fprintf(stderr, "aplookup: -ca %s: %v\n", c.caFile, err)
			return exitFailure
		}
	}

	fetcher, err := activitypub.NewFetcher(&activitypub.FetcherOptions{
		Key:             key,
		AllowLoopback:   c.allowLoopback,
		AllowPrivate:    c.allowPrivate,
		AllowHTTP:       c.allowHTTP,
		TLSClientConfig: tlsConf,
		Timeout:         c.timeout,
	})
	if err != nil {
		fmt.Fprintln(stderr, "aplookup:", err)
		return exitFailure
	}
	wf := webfinger.NewClient(&webfinger.ClientOptions{
		AllowLoopback:   c.allowLoopback,
		AllowPrivate:    c.allowPrivate,
		AllowHTTP:       c.allowHTTP,
		TLSClientConfig: tlsConf,
		Timeout:         c.timeout,
		// The fetcher below fetches the actor anyway, signed if need be,
		// and lookup checks its id against the self link: the WebFinger
		// client need not fetch it a first time, unsigned.
		SkipActorCheck: true,
	})

	code := exitOK
	for _, t := range targets {
		doc, err := lookup(ctx, wf, fetcher, t)
		if err != nil {
			report(stderr, t.arg, err, key != nil)
			code = exitFailure
			continue
		}
		if err := write(stdout, doc, c.raw); err != nil {
			fmt.Fprintln(stderr, "aplookup: writing the output:", err)
			return exitFailure
		}
	}
	return code
}

// parseTarget tells a handle from a URL, and refuses what is neither.
func parseTarget(arg string) (target, error) {
	isHandle := strings.HasPrefix(arg, "@") ||
		len(arg) >= 5 && strings.EqualFold(arg[:5], "acct:") ||
		strings.Contains(arg, "@") && !strings.Contains(arg, "://")
	if isHandle {
		if _, err := webfinger.ParseAcct(arg); err != nil {
			return target{}, err
		}
		return target{arg: arg, handle: true}, nil
	}
	u, err := url.Parse(arg)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return target{}, errors.New("neither a handle (@user@host) nor an http or https URL")
	}
	return target{arg: arg}, nil
}

// keyOwner returns the actor a keyId belongs to: the keyId without its
// fragment.
func keyOwner(keyID string) (string, error) {
	u, err := url.Parse(keyID)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return "", fmt.Errorf("%q is not an http or https IRI", keyID)
	}
	u.Fragment, u.RawFragment = "", ""
	return u.String(), nil
}

// readKey reads a PEM private key. Its errors never quote the key.
func readKey(name string) (crypto.Signer, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	return httpsig.ParsePrivateKeyPEM(data)
}

// readCA returns a TLS configuration that trusts the certificates in the
// PEM file name as well as the system's.
func readCA(name string) (*tls.Config, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	pool, err := x509.SystemCertPool()
	if err != nil {
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM(data) {
		return nil, errors.New("no PEM certificate found")
	}
	return &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}, nil
}

// lookup resolves t to its document.
func lookup(ctx context.Context, wf *webfinger.Client, f *activitypub.Fetcher, t target) (*activitypub.Document, error) {
	iri := t.arg
	if t.handle {
		actor, err := wf.ResolveActor(ctx, t.arg)
		if err != nil {
			return nil, err
		}
		iri = actor.ID
	}
	doc, err := f.Fetch(ctx, iri)
	if err != nil {
		return nil, err
	}
	// The fetcher has checked that the id is on the origin the document
	// came from; for a handle, it must also be the actor WebFinger named.
	if id := doc.Root().ID(); t.handle && id != iri {
		return nil, fmt.Errorf("%w: the self link is %s but the actor's id is %s", webfinger.ErrActorMismatch, iri, id)
	}
	return doc, nil
}

// write prints doc, compact or indented, and a newline.
func write(w io.Writer, doc *activitypub.Document, raw bool) error {
	b, err := doc.MarshalJSON()
	if err != nil {
		return err
	}
	if !raw {
		var buf bytes.Buffer
		if err := json.Indent(&buf, b, "", "  "); err != nil {
			return err
		}
		b = buf.Bytes()
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// report prints a failed lookup: what went wrong in plain words, then the
// error itself.
func report(w io.Writer, arg string, err error, signed bool) {
	if why := explain(err, signed); why != "" {
		fmt.Fprintf(w, "aplookup: %s: %s\n\t%v\n", arg, why, err)
		return
	}
	fmt.Fprintf(w, "aplookup: %s: %v\n", arg, err)
}

// explain says in plain words what err means, or returns "".
func explain(err error, signed bool) string {
	var (
		fetchErr *activitypub.FetchError
		wfErr    *webfinger.ResponseError
		certErr  *tls.CertificateVerificationError
		unknown  x509.UnknownAuthorityError
		timeout  interface{ Timeout() bool }
	)
	switch {
	case errors.Is(err, activitypub.ErrGone):
		return "gone (410 or Tombstone)"
	case errors.Is(err, activitypub.ErrNotFound):
		return "not found (404)"
	case errors.Is(err, activitypub.ErrNotActivityStreams):
		return "not an ActivityStreams document (wrong Content-Type)"
	case errors.Is(err, activitypub.ErrOriginMismatch):
		return "origin mismatch: the document's id is not on the origin it was served from"
	case errors.As(err, &fetchErr):
		switch code := fetchErr.StatusCode; {
		case (code == http.StatusUnauthorized || code == http.StatusForbidden) && !signed:
			return fmt.Sprintf("refused with HTTP %d; the server may require signed fetches (see -key and -key-id)", code)
		case code == http.StatusUnauthorized || code == http.StatusForbidden:
			return fmt.Sprintf("refused with HTTP %d; the server did not accept our signature", code)
		default:
			return fmt.Sprintf("HTTP %d %s", code, http.StatusText(code))
		}
	case errors.Is(err, webfinger.ErrNotFound):
		return "no such account (WebFinger found nothing)"
	case errors.Is(err, webfinger.ErrNoActor):
		return "the account has no ActivityPub actor"
	case errors.Is(err, webfinger.ErrActorMismatch):
		return "the actor does not match the account"
	case errors.Is(err, webfinger.ErrMalformed):
		return "malformed WebFinger answer"
	case errors.As(err, &wfErr):
		return fmt.Sprintf("WebFinger answered HTTP %d %s", wfErr.StatusCode, http.StatusText(wfErr.StatusCode))
	case errors.Is(err, webfinger.ErrForbiddenAddress):
		return "address refused: loopback or private (see -allow-loopback and -allow-private)"
	case errors.Is(err, webfinger.ErrInsecureScheme):
		return "plain http refused (see -allow-http)"
	case errors.Is(err, webfinger.ErrTooManyRedirects):
		return "too many redirects"
	case errors.Is(err, webfinger.ErrBodyTooLarge), errors.Is(err, activitypub.ErrTooLarge):
		return "response too large"
	case errors.Is(err, activitypub.ErrMalformed):
		return "malformed document"
	case errors.Is(err, context.Canceled):
		return "interrupted"
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &timeout) && timeout.Timeout():
		return "timed out (see -timeout)"
	case errors.As(err, &certErr), errors.As(err, &unknown):
		return "untrusted certificate (see -ca)"
	}
	return ""
}
