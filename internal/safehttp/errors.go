package safehttp

import (
	"errors"
	"net/netip"
	"strconv"
)

// Sentinel errors. Errors returned through an [http.Client] built by
// [NewClient] keep them reachable with [errors.Is], through the
// [*url.Error] and [*net.OpError] wrappers the standard library adds.
var (
	// ErrForbiddenAddress means a connection was refused because the
	// address to dial is not a public one and no option allows it. The
	// concrete error is an [*AddressError].
	ErrForbiddenAddress = errors.New("fedikit: forbidden network address")

	// ErrTooManyRedirects means a request was redirected more often than
	// Options.MaxRedirects allows, or at all when redirects are disabled.
	ErrTooManyRedirects = errors.New("fedikit: too many redirects")

	// ErrInsecureScheme means a request, or one of its redirects, used a
	// URL scheme that is not allowed: plain http without
	// Options.AllowHTTP, or anything other than http and https.
	ErrInsecureScheme = errors.New("fedikit: URL scheme not allowed")

	// ErrBodyTooLarge means a response body was longer than the limit given
	// to [ReadBody].
	ErrBodyTooLarge = errors.New("fedikit: response body too large")
)

// AddressError reports a connection refused because of the address it
// would have gone to. It matches [ErrForbiddenAddress] with [errors.Is].
type AddressError struct {
	// Host is the host name from the request URL that resolved to Addr,
	// or the empty string when the address was checked on its own (by
	// [CheckAddr]).
	Host string

	// Addr is the refused address.
	Addr netip.Addr

	// Range names the special-purpose range Addr falls in, such as
	// "loopback", "private", "link-local", "cgnat", "ula", "unspecified",
	// "multicast", "broadcast", "documentation", "benchmarking",
	// "ietf-protocol", "discard", "site-local", "nat64" or "reserved".
	// For an address that carries an IPv4 address inside it (IPv4-mapped,
	// NAT64, 6to4, Teredo), Range is the range of that IPv4 address.
	Range string
}

// Error says which address was refused, why, and for which host.
func (e *AddressError) Error() string {
	s := "fedikit: refusing to connect to " + e.Addr.String() + " (" + e.Range + ")"
	if e.Host != "" {
		s += " for " + strconv.Quote(e.Host)
	}
	return s
}

// Is reports whether target is [ErrForbiddenAddress].
func (e *AddressError) Is(target error) bool {
	return target == ErrForbiddenAddress
}
