package nodeinfo_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"

	"github.com/fedikit/fedikit/activitypub/nodeinfo"
)

// Find out which software a server runs. The server here is a local test
// server, so the client is allowed loopback addresses and plain http; with
// a real server, NewClient(nil) and a host name such as "social.example"
// are all it takes.
func ExampleClient_Get() {
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	defer srv.Close()
	mux.HandleFunc("/.well-known/nodeinfo", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"links":[
			{"rel":"http://nodeinfo.diaspora.software/ns/schema/2.0","href":"%[1]s/nodeinfo/2.0"},
			{"rel":"http://nodeinfo.diaspora.software/ns/schema/2.1","href":"%[1]s/nodeinfo/2.1"}]}`, srv.URL)
	})
	mux.HandleFunc("/nodeinfo/2.1", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"version":"2.1",
			"software":{"name":"gotosocial","version":"0.20.0"},
			"protocols":["activitypub"],
			"services":{"inbound":[],"outbound":[]},
			"openRegistrations":false,
			"usage":{"users":{"total":3},"localPosts":"6"},
			"metadata":{}}`)
	})

	client := nodeinfo.NewClient(&nodeinfo.ClientOptions{AllowLoopback: true, AllowHTTP: true})
	info, err := client.Get(context.Background(), srv.URL)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("software:", info.Software.Name, info.Software.Version)
	fmt.Println("protocols:", info.Protocols)
	fmt.Println("open registrations:", info.OpenRegistrations)
	if n := info.Usage.Users.Total; n != nil {
		fmt.Println("users:", *n)
	}
	if n := info.Usage.LocalPosts; n != nil {
		fmt.Println("posts:", *n)
	}
	// Output:
	// software: gotosocial 0.20.0
	// protocols: [activitypub]
	// open registrations: false
	// users: 3
	// posts: 6
}

// Serve NodeInfo for your own server. The Source is called on every
// request, so the counts are current.
func ExampleNewHandler() {
	src := nodeinfo.SourceFunc(func(ctx context.Context) (*nodeinfo.NodeInfo, error) {
		return &nodeinfo.NodeInfo{
			Software: nodeinfo.Software{
				Name:       "mybot",
				Version:    "1.0.0",
				Repository: "https://git.example/mybot",
			},
			Usage: nodeinfo.Usage{
				Users:      nodeinfo.Users{Total: new(int64(1))},
				LocalPosts: new(int64(42)),
			},
			Metadata: json.RawMessage(`{"nodeName":"My bot"}`),
		}, nil
	})
	h, err := nodeinfo.NewHandler(src, nodeinfo.HandlerOptions{BaseURL: "https://bot.example"})
	if err != nil {
		log.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle(nodeinfo.WellKnownPath, h)
	mux.Handle(nodeinfo.DefaultPath, h)

	for _, path := range []string{nodeinfo.WellKnownPath, nodeinfo.DefaultPath} {
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		fmt.Println(rec.Code, rec.Header().Get("Content-Type"))
		var pretty map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &pretty); err != nil {
			log.Fatal(err)
		}
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		_ = enc.Encode(pretty)
	}
	// Output:
	// 200 application/json
	// {
	//   "links": [
	//     {
	//       "href": "https://bot.example/nodeinfo/2.1",
	//       "rel": "http://nodeinfo.diaspora.software/ns/schema/2.1"
	//     }
	//   ]
	// }
	// 200 application/json; profile="http://nodeinfo.diaspora.software/ns/schema/2.1#"
	// {
	//   "metadata": {
	//     "nodeName": "My bot"
	//   },
	//   "openRegistrations": false,
	//   "protocols": [
	//     "activitypub"
	//   ],
	//   "services": {
	//     "inbound": [],
	//     "outbound": []
	//   },
	//   "software": {
	//     "name": "mybot",
	//     "repository": "https://git.example/mybot",
	//     "version": "1.0.0"
	//   },
	//   "usage": {
	//     "localPosts": 42,
	//     "users": {
	//       "total": 1
	//     }
	//   },
	//   "version": "2.1"
	// }
}

// Read software-specific metadata into a type of your own.
func ExampleNodeInfo_DecodeMetadata() {
	var info nodeinfo.NodeInfo
	doc := `{"version":"2.0","software":{"name":"Mastodon","version":"4.3.2"},
		"metadata":{"nodeName":"Example Social","nodeDescription":"A server"}}`
	if err := json.Unmarshal([]byte(doc), &info); err != nil {
		log.Fatal(err)
	}
	var meta struct {
		NodeName string `json:"nodeName"`
	}
	if err := info.DecodeMetadata(&meta); err != nil {
		log.Fatal(err)
	}
	fmt.Println(info.Software.Name, meta.NodeName)
	// Output:
	// mastodon Example Social
}
