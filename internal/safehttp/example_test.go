package safehttp_test

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"

	"github.com/fedikit/fedikit/internal/safehttp"
)

// A client with the default options refuses a server on the loopback
// interface; a test opts in with AllowLoopback and AllowHTTP.
func ExampleNewClient() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, "hello")
	}))
	defer srv.Close()

	client := safehttp.NewClient(safehttp.Options{AllowHTTP: true})
	_, err := client.Get(srv.URL)
	var aerr *safehttp.AddressError
	if errors.As(err, &aerr) {
		fmt.Println("refused:", aerr.Range, errors.Is(err, safehttp.ErrForbiddenAddress))
	}

	client = safehttp.NewClient(safehttp.Options{AllowLoopback: true, AllowHTTP: true})
	resp, err := client.Get(srv.URL)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	body, err := safehttp.ReadBody(resp.Body, 1<<20)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.Status, string(body))
	// Output:
	// refused: loopback true
	// 200 OK hello
}

func ExampleCheckAddr() {
	for _, s := range []string{"1.1.1.1", "169.254.169.254", "10.0.0.1", "::ffff:127.0.0.1", "2002:a00:1::1"} {
		fmt.Println(s, safehttp.CheckAddr(netip.MustParseAddr(s), nil))
	}
	fmt.Println(safehttp.CheckAddr(netip.MustParseAddr("10.0.0.1"), &safehttp.Options{AllowPrivate: true}))
	// Output:
	// 1.1.1.1 <nil>
	// 169.254.169.254 fedikit: refusing to connect to 169.254.169.254 (link-local)
	// 10.0.0.1 fedikit: refusing to connect to 10.0.0.1 (private)
	// ::ffff:127.0.0.1 fedikit: refusing to connect to ::ffff:127.0.0.1 (loopback)
	// 2002:a00:1::1 fedikit: refusing to connect to 2002:a00:1::1 (private)
	// <nil>
}
