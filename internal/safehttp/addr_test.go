package safehttp

import (
	"errors"
	"fmt"
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCheckAddrDefaults checks every refused range, the IPv6 forms that
// carry an IPv4 address, and a few public addresses, with no opt-in.
func TestCheckAddrDefaults(t *testing.T) {
	t.Parallel()
	tests := []struct {
		addr  string
		want  string // the Range of the error; "" means allowed
		group string
	}{
		// IPv4 "this network" and unspecified.
		{"0.0.0.0", "unspecified", "v4"},
		{"0.1.2.3", "unspecified", "v4"},
		{"0.255.255.255", "unspecified", "v4"},
		// Loopback.
		{"127.0.0.1", "loopback", "v4"},
		{"127.0.0.2", "loopback", "v4"},
		{"127.255.255.254", "loopback", "v4"},
		// RFC 1918.
		{"10.0.0.1", "private", "v4"},
		{"10.255.255.255", "private", "v4"},
		{"172.16.0.1", "private", "v4"},
		{"172.31.255.255", "private", "v4"},
		{"192.168.0.1", "private", "v4"},
		{"192.168.255.255", "private", "v4"},
		// Shared address space (carrier-grade NAT).
		{"100.64.0.1", "cgnat", "v4"},
		{"100.127.255.255", "cgnat", "v4"},
		// Link-local, with the cloud metadata address.
		{"169.254.0.1", "link-local", "v4"},
		{"169.254.169.254", "link-local", "v4"},
		// IETF protocol assignments, documentation, benchmarking.
		{"192.0.0.1", "ietf-protocol", "v4"},
		{"192.0.0.170", "ietf-protocol", "v4"},
		{"192.0.2.1", "documentation", "v4"},
		{"198.51.100.7", "documentation", "v4"},
		{"203.0.113.9", "documentation", "v4"},
		{"198.18.0.1", "benchmarking", "v4"},
		{"198.19.255.255", "benchmarking", "v4"},
		// Multicast, reserved, broadcast.
		{"224.0.0.1", "multicast", "v4"},
		{"239.255.255.250", "multicast", "v4"},
		{"240.0.0.1", "reserved", "v4"},
		{"255.255.255.254", "reserved", "v4"},
		{"255.255.255.255", "broadcast", "v4"},
		// Public IPv4, including the neighbours of refused ranges.
		{"1.1.1.1", "", "v4"},
		{"8.8.8.8", "", "v4"},
		{"11.0.0.1", "", "v4"},
		{"100.63.255.255", "", "v4"},
		{"100.128.0.1", "", "v4"},
		{"126.255.255.255", "", "v4"},
		{"128.0.0.1", "", "v4"},
		{"169.253.255.255", "", "v4"},
		{"172.15.255.255", "", "v4"},
		{"172.32.0.1", "", "v4"},
		{"192.0.1.1", "", "v4"},
		{"192.0.3.1", "", "v4"},
		{"192.169.0.1", "", "v4"},
		{"198.17.255.255", "", "v4"},
		{"198.20.0.1", "", "v4"},
		{"223.255.255.255", "", "v4"},

		// IPv6 special ranges.
		{"::", "unspecified", "v6"},
		{"::1", "loopback", "v6"},
		{"fe80::1", "link-local", "v6"},
		{"fe80::1%eth0", "link-local", "v6"},
		{"febf:ffff::1", "link-local", "v6"},
		{"fc00::1", "ula", "v6"},
		{"fd12:3456:789a::1", "ula", "v6"},
		{"ff02::1", "multicast", "v6"},
		{"ff05::1:3", "multicast", "v6"},
		{"2001:db8::1", "documentation", "v6"},
		{"2001:db8:ffff::1", "documentation", "v6"},
		{"3fff::1", "documentation", "v6"},
		{"3fff:fff:ffff::1", "documentation", "v6"},
		{"2001:2::1", "benchmarking", "v6"},
		{"100::1", "discard", "v6"},
		{"fec0::1", "site-local", "v6"},
		{"::7f00:1", "reserved", "v6"},        // deprecated IPv4-compatible form of 127.0.0.1
		{"::ffff:0:7f00:1", "reserved", "v6"}, // IPv4-translated form of 127.0.0.1
		{"4000::1", "reserved", "v6"},
		{"5f00::1", "reserved", "v6"}, // SRv6 SIDs
		{"e000::1", "reserved", "v6"},
		// Public IPv6.
		{"2606:4700:4700::1111", "", "v6"},
		{"2001:4860:4860::8888", "", "v6"},
		{"2a00:1450:4001:80b::200e", "", "v6"},
		{"3fff:1000::1", "", "v6"}, // just past 3fff::/20

		// IPv4-mapped IPv6.
		{"::ffff:127.0.0.1", "loopback", "mapped"},
		{"::ffff:10.0.0.1", "private", "mapped"},
		{"::ffff:169.254.169.254", "link-local", "mapped"},
		{"::ffff:0.0.0.0", "unspecified", "mapped"},
		{"::ffff:1.1.1.1", "", "mapped"},

		// NAT64, well-known prefix and the local-use /96.
		{"64:ff9b::127.0.0.1", "loopback", "nat64"},
		{"64:ff9b::10.0.0.1", "private", "nat64"},
		{"64:ff9b::169.254.169.254", "link-local", "nat64"},
		{"64:ff9b::1.1.1.1", "", "nat64"},
		{"64:ff9b:1::127.0.0.1", "loopback", "nat64"},
		{"64:ff9b:1::10.0.0.1", "private", "nat64"},
		{"64:ff9b:1::169.254.169.254", "link-local", "nat64"},
		{"64:ff9b:1::1.1.1.1", "", "nat64"},
		// Local-use NAT64 with another layout: where the IPv4 address
		// sits is unknown, so it is refused.
		{"64:ff9b:1:7f00:1::", "nat64", "nat64"},
		{"64:ff9b:1:ffff::1.1.1.1", "nat64", "nat64"},

		// 6to4.
		{"2002:7f00:1::", "loopback", "6to4"},
		{"2002:7f00:1::1", "loopback", "6to4"},
		{"2002:a00:1::1", "private", "6to4"},
		{"2002:a9fe:a9fe::1", "link-local", "6to4"},
		{"2002:101:101::1", "", "6to4"},

		// Teredo: server in bits 32-63, client inverted in bits 96-127.
		{"2001:0:101:101::80ff:fffe", "loopback", "teredo"},   // client 127.0.0.1
		{"2001:0:101:101::f5ff:fffe", "private", "teredo"},    // client 10.0.0.1
		{"2001:0:101:101::5601:5601", "link-local", "teredo"}, // client 169.254.169.254
		{"2001:0:a00:1::fefe:fefe", "private", "teredo"},      // server 10.0.0.1
		{"2001:0:101:101::fefe:fefe", "", "teredo"},           // both 1.1.1.1
	}
	for _, tt := range tests {
		t.Run(tt.group+"/"+tt.addr, func(t *testing.T) {
			t.Parallel()
			addr := netip.MustParseAddr(tt.addr)
			err := CheckAddr(addr, nil)
			if tt.want == "" {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrForbiddenAddress)
			var aerr *AddressError
			require.ErrorAs(t, err, &aerr)
			assert.Equal(t, tt.want, aerr.Range)
			assert.Equal(t, addr, aerr.Addr)
			assert.Empty(t, aerr.Host)

			// The zero Options and nil mean the same.
			assert.Equal(t, err, CheckAddr(addr, &Options{}))
		})
	}
}

func TestCheckAddrInvalid(t *testing.T) {
	t.Parallel()
	err := CheckAddr(netip.Addr{}, nil)
	var aerr *AddressError
	require.ErrorAs(t, err, &aerr)
	assert.Equal(t, "invalid", aerr.Range)
	assert.ErrorIs(t, err, ErrForbiddenAddress)
}

// TestCheckAddrOptIns checks that each option opens exactly its ranges.
func TestCheckAddrOptIns(t *testing.T) {
	t.Parallel()
	loopback := &Options{AllowLoopback: true}
	private := &Options{AllowPrivate: true}
	both := &Options{AllowLoopback: true, AllowPrivate: true}
	linkLocal := &Options{AllowedNetworks: []netip.Prefix{netip.MustParsePrefix("169.254.0.0/16")}}
	docs := &Options{AllowedNetworks: []netip.Prefix{netip.MustParsePrefix("192.0.2.0/24")}}
	oneHost := &Options{AllowedNetworks: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}}
	mappedPrefix := &Options{AllowedNetworks: []netip.Prefix{netip.MustParsePrefix("::ffff:10.0.0.0/104")}}
	unmasked := &Options{AllowedNetworks: []netip.Prefix{netip.MustParsePrefix("10.1.2.3/16")}}
	multicast := &Options{AllowedNetworks: []netip.Prefix{
		netip.MustParsePrefix("ff00::/8"),
		netip.MustParsePrefix("224.0.0.0/4"),
		netip.MustParsePrefix("255.255.255.255/32"),
		netip.MustParsePrefix("0.0.0.0/8"),
	}}
	invalidPrefix := &Options{AllowedNetworks: []netip.Prefix{{}}}

	tests := []struct {
		name string
		o    *Options
		addr string
		want string
	}{
		{"loopback/127.0.0.1", loopback, "127.0.0.1", ""},
		{"loopback/127.1.2.3", loopback, "127.1.2.3", ""},
		{"loopback/::1", loopback, "::1", ""},
		{"loopback/mapped", loopback, "::ffff:127.0.0.1", ""},
		{"loopback/10.0.0.1", loopback, "10.0.0.1", "private"},
		{"loopback/100.64.0.1", loopback, "100.64.0.1", "cgnat"},
		{"loopback/fd00::1", loopback, "fd00::1", "ula"},
		{"loopback/metadata", loopback, "169.254.169.254", "link-local"},
		{"loopback/0.0.0.0", loopback, "0.0.0.0", "unspecified"},
		{"loopback/::", loopback, "::", "unspecified"},

		{"private/10.0.0.1", private, "10.0.0.1", ""},
		{"private/172.16.0.1", private, "172.16.0.1", ""},
		{"private/192.168.1.1", private, "192.168.1.1", ""},
		{"private/100.64.0.1", private, "100.64.0.1", ""},
		{"private/fd00::1", private, "fd00::1", ""},
		{"private/6to4", private, "2002:a00:1::1", ""},
		{"private/nat64", private, "64:ff9b::10.0.0.1", ""},
		{"private/127.0.0.1", private, "127.0.0.1", "loopback"},
		{"private/::1", private, "::1", "loopback"},
		{"private/metadata", private, "169.254.169.254", "link-local"},
		{"private/fe80::1", private, "fe80::1", "link-local"},
		{"private/fec0::1", private, "fec0::1", "site-local"},

		{"both/unspecified", both, "0.0.0.0", "unspecified"},
		{"both/multicast4", both, "224.0.0.1", "multicast"},
		{"both/multicast6", both, "ff02::1", "multicast"},
		{"both/broadcast", both, "255.255.255.255", "broadcast"},
		{"both/documentation", both, "192.0.2.1", "documentation"},
		{"both/reserved", both, "240.0.0.1", "reserved"},
		{"both/public", both, "1.1.1.1", ""},

		{"networks/metadata", linkLocal, "169.254.169.254", ""},
		{"networks/link-local", linkLocal, "169.254.1.1", ""},
		{"networks/mapped-metadata", linkLocal, "::ffff:169.254.169.254", ""},
		{"networks/nat64-metadata", linkLocal, "64:ff9b::169.254.169.254", ""},
		{"networks/fe80", linkLocal, "fe80::1", "link-local"},
		{"networks/127.0.0.1", linkLocal, "127.0.0.1", "loopback"},
		{"networks/10.0.0.1", linkLocal, "10.0.0.1", "private"},
		{"networks/docs", docs, "192.0.2.1", ""},
		{"networks/other-docs", docs, "198.51.100.1", "documentation"},
		{"networks/one-host", oneHost, "127.0.0.1", ""},
		{"networks/one-host-other", oneHost, "127.0.0.2", "loopback"},
		{"networks/one-host-v6", oneHost, "::1", "loopback"},
		{"networks/mapped-prefix", mappedPrefix, "10.1.2.3", ""},
		{"networks/mapped-prefix-other", mappedPrefix, "192.168.0.1", "private"},
		{"networks/unmasked", unmasked, "10.1.200.1", ""},
		{"networks/unmasked-other", unmasked, "10.2.0.1", "private"},
		{"networks/multicast6", multicast, "ff02::1", ""},
		{"networks/multicast4", multicast, "239.1.1.1", ""},
		{"networks/broadcast", multicast, "255.255.255.255", ""},
		{"networks/unspecified", multicast, "0.0.0.0", ""},
		{"networks/invalid-prefix", invalidPrefix, "127.0.0.1", "loopback"},
		{"networks/invalid-prefix-public", invalidPrefix, "1.1.1.1", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := CheckAddr(netip.MustParseAddr(tt.addr), tt.o)
			if tt.want == "" {
				assert.NoError(t, err)
				return
			}
			var aerr *AddressError
			require.ErrorAs(t, err, &aerr)
			assert.Equal(t, tt.want, aerr.Range)
		})
	}
}

func TestAddressError(t *testing.T) {
	t.Parallel()
	err := &AddressError{
		Host:  "evil.example",
		Addr:  netip.MustParseAddr("169.254.169.254"),
		Range: "link-local",
	}
	assert.Equal(t, `fedikit: refusing to connect to 169.254.169.254 (link-local) for "evil.example"`, err.Error())
	assert.ErrorIs(t, err, ErrForbiddenAddress)
	assert.NotErrorIs(t, err, ErrInsecureScheme)

	noHost := &AddressError{Addr: netip.MustParseAddr("::1"), Range: "loopback"}
	assert.Equal(t, `fedikit: refusing to connect to ::1 (loopback)`, noHost.Error())

	// Wrapped, it is still found.
	wrapped := fmt.Errorf("fetching: %w", err)
	assert.ErrorIs(t, wrapped, ErrForbiddenAddress)
	var aerr *AddressError
	require.ErrorAs(t, wrapped, &aerr)
	assert.Same(t, err, aerr)
}

func TestSentinelMessages(t *testing.T) {
	t.Parallel()
	for _, err := range []error{ErrForbiddenAddress, ErrTooManyRedirects, ErrInsecureScheme, ErrBodyTooLarge} {
		assert.Regexp(t, "^fedikit: ", err.Error())
	}
	assert.False(t, errors.Is(ErrForbiddenAddress, ErrTooManyRedirects))
}
