// Package nodeinfo finds out which software a fediverse server runs, and
// tells others which software yours runs, with the NodeInfo protocol.
//
// NodeInfo is how Mastodon, GoToSocial, PeerTube, Misskey and most other
// fediverse servers publish their software name and version, the protocols
// they speak, whether registrations are open, and user and post counts.
// A server lists its documents in a discovery document at
// /.well-known/nodeinfo (RFC 8615), one link per schema version. This
// package implements the protocol at
// https://github.com/jhass/nodeinfo/blob/main/PROTOCOL.md and reads the
// schemas 1.0 to 2.2, serving 2.1:
//
//   - http://nodeinfo.diaspora.software/ns/schema/2.0
//   - http://nodeinfo.diaspora.software/ns/schema/2.1
//
// # Fetching
//
// A [Client] does the discovery and the fetch. [Client.Get] takes a host
// name and returns the best document the host offers:
//
//	c := nodeinfo.NewClient(nil)
//	info, err := c.Get(ctx, "social.example")
//	if errors.Is(err, nodeinfo.ErrNotFound) {
//		// the server does not speak NodeInfo
//	}
//	fmt.Println(info.Software.Name, info.Software.Version)
//
// [Client.Discover] returns the links of the discovery document and
// [Client.Fetch] reads one document by URL.
//
// The client is meant for hosts named by strangers (a remote actor's
// server, a mention), so by default it connects only to public addresses,
// only over https, follows a bounded number of redirects and reads at most
// [DefaultMaxBodySize] bytes. It also refuses to follow a discovery link to
// another host ([ErrCrossHost]): a discovery document cannot send the
// client somewhere else. [ClientOptions] relaxes each rule; tests against
// an httptest server need AllowLoopback and AllowHTTP.
//
// # Reading documents
//
// Servers differ from the schema in small ways: counts written as strings,
// members missing or null, the 1.x protocols object in a 2.x document,
// upper-case software names. Decoding a [NodeInfo] accepts these, as
// [NodeInfo.UnmarshalJSON] lists, and fails with a [*DecodeError] naming
// the member only when a value cannot mean what the member is for. The
// software name is turned to lower case. Counts are pointers, nil when
// not reported. The software-specific metadata stays raw JSON;
// [NodeInfo.DecodeMetadata] decodes it into a type of yours.
//
// # Serving
//
// [NewHandler] serves both documents from a [Source] that you write, called
// on each request so that counts are current:
//
//	h, err := nodeinfo.NewHandler(nodeinfo.SourceFunc(func(ctx context.Context) (*nodeinfo.NodeInfo, error) {
//		return &nodeinfo.NodeInfo{
//			Software: nodeinfo.Software{Name: "mybot", Version: "1.0.0"},
//			Usage:    nodeinfo.Usage{Users: nodeinfo.Users{Total: new(int64(1))}},
//		}, nil
//	}), nodeinfo.HandlerOptions{BaseURL: "https://social.example"})
//	mux.Handle(nodeinfo.WellKnownPath, h)
//	mux.Handle(nodeinfo.DefaultPath, h)
//
// # Errors
//
// Errors match the sentinels of this package with [errors.Is]:
// [ErrNotFound], [ErrUnsupportedVersion], [ErrCrossHost],
// [ErrInvalidDocument], and the network guard's [ErrForbiddenAddress],
// [ErrInsecureScheme], [ErrTooManyRedirects] and [ErrBodyTooLarge]. A
// status other than 2xx is a [*ResponseError].
package nodeinfo
