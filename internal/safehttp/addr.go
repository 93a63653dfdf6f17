package safehttp

import "net/netip"

// rangeKind says which option, besides Options.AllowedNetworks, lets a
// connection into a range.
type rangeKind uint8

const (
	// kindNever ranges are allowed only through Options.AllowedNetworks.
	kindNever rangeKind = iota
	// kindLoopback ranges are allowed by Options.AllowLoopback.
	kindLoopback
	// kindPrivate ranges are allowed by Options.AllowPrivate.
	kindPrivate
)

// special is one range of addresses that are not public unicast.
type special struct {
	prefix netip.Prefix
	name   string
	kind   rangeKind
}

// specialV4 lists the IPv4 ranges refused by default, from the IANA IPv4
// Special-Purpose Address Registry (RFC 6890 and its updates) plus the
// multicast and reserved blocks of the IPv4 address space. Entries are
// matched in order, so a narrower range comes before a wider one that
// holds it. The table is never written to.
var specialV4 = [...]special{
	{netip.MustParsePrefix("0.0.0.0/8"), "unspecified", kindNever},      // "this network", RFC 791
	{netip.MustParsePrefix("10.0.0.0/8"), "private", kindPrivate},       // RFC 1918
	{netip.MustParsePrefix("100.64.0.0/10"), "cgnat", kindPrivate},      // shared address space, RFC 6598
	{netip.MustParsePrefix("127.0.0.0/8"), "loopback", kindLoopback},    // RFC 1122
	{netip.MustParsePrefix("169.254.0.0/16"), "link-local", kindNever},  // RFC 3927; holds cloud metadata services
	{netip.MustParsePrefix("172.16.0.0/12"), "private", kindPrivate},    // RFC 1918
	{netip.MustParsePrefix("192.0.0.0/24"), "ietf-protocol", kindNever}, // IETF protocol assignments, RFC 6890
	{netip.MustParsePrefix("192.0.2.0/24"), "documentation", kindNever}, // TEST-NET-1, RFC 5737
	{netip.MustParsePrefix("192.168.0.0/16"), "private", kindPrivate},   // RFC 1918
	{netip.MustParsePrefix("198.18.0.0/15"), "benchmarking", kindNever}, // RFC 2544
	{netip.MustParsePrefix("198.51.100.0/24"), "documentation", kindNever},
	{netip.MustParsePrefix("203.0.113.0/24"), "documentation", kindNever},
	{netip.MustParsePrefix("224.0.0.0/4"), "multicast", kindNever},        // RFC 5771
	{netip.MustParsePrefix("255.255.255.255/32"), "broadcast", kindNever}, // limited broadcast, RFC 919
	{netip.MustParsePrefix("240.0.0.0/4"), "reserved", kindNever},         // RFC 1112
}

// specialV6 lists the IPv6 ranges refused by default, from the IANA IPv6
// Special-Purpose Address Registry and the IPv6 address space registry.
// Ranges that carry an IPv4 address (IPv4-mapped, NAT64, 6to4, Teredo)
// are not here: [checkAddr] checks the address they carry instead. Any
// IPv6 address outside both this table and 2000::/3 is refused as
// "reserved" afterwards. The table is never written to.
var specialV6 = [...]special{
	{netip.MustParsePrefix("::/128"), "unspecified", kindNever},          // RFC 4291
	{netip.MustParsePrefix("::1/128"), "loopback", kindLoopback},         // RFC 4291
	{netip.MustParsePrefix("100::/64"), "discard", kindNever},            // discard-only, RFC 6666
	{netip.MustParsePrefix("2001:2::/48"), "benchmarking", kindNever},    // RFC 5180
	{netip.MustParsePrefix("2001:db8::/32"), "documentation", kindNever}, // RFC 3849
	{netip.MustParsePrefix("3fff::/20"), "documentation", kindNever},     // RFC 9637
	{netip.MustParsePrefix("fc00::/7"), "ula", kindPrivate},              // unique local, RFC 4193
	{netip.MustParsePrefix("fe80::/10"), "link-local", kindNever},        // RFC 4291
	{netip.MustParsePrefix("fec0::/10"), "site-local", kindNever},        // deprecated by RFC 3879
	{netip.MustParsePrefix("ff00::/8"), "multicast", kindNever},          // RFC 4291
}

// Prefixes of IPv6 ranges that embed an IPv4 address, and the part of the
// IPv6 space that holds every global unicast address.
var (
	nat64WellKnown = netip.MustParsePrefix("64:ff9b::/96")   // RFC 6052
	nat64Local96   = netip.MustParsePrefix("64:ff9b:1::/96") // RFC 8215, /96 layout
	nat64Local     = netip.MustParsePrefix("64:ff9b:1::/48") // RFC 8215
	sixToFour      = netip.MustParsePrefix("2002::/16")      // RFC 3056
	teredo         = netip.MustParsePrefix("2001::/32")      // RFC 4380
	globalUnicast  = netip.MustParsePrefix("2000::/3")       // RFC 4291
)

// CheckAddr reports whether a connection to addr is allowed under o. It
// returns nil for a public unicast address and for an address that o
// allows explicitly, and an [*AddressError] naming the range otherwise. A
// nil o means the zero Options: only public addresses are allowed.
//
// An IPv6 address that carries an IPv4 address (IPv4-mapped ::ffff:0:0/96,
// NAT64 64:ff9b::/96 and 64:ff9b:1::/96, 6to4 2002::/16, and both
// addresses inside a Teredo 2001::/32 address) is judged by the IPv4
// address it carries, under the same rules. Local-use NAT64 addresses in
// 64:ff9b:1::/48 outside its /96 are refused as "nat64", since where their
// IPv4 address sits depends on the local setup. An IPv6 zone is ignored.
func CheckAddr(addr netip.Addr, o *Options) error {
	if o == nil {
		o = &Options{}
	}
	if err := checkAddr(addr, o); err != nil {
		return err
	}
	return nil
}

// checkAddr is [CheckAddr] returning the concrete type; nil means allowed.
func checkAddr(addr netip.Addr, o *Options) *AddressError {
	a := addr.WithZone("").Unmap()
	if !a.IsValid() {
		return &AddressError{Addr: addr, Range: "invalid"}
	}
	if inNetworks(a, o.AllowedNetworks) {
		return nil
	}
	if a.Is4() {
		for _, s := range specialV4 {
			if s.prefix.Contains(a) {
				return judge(addr, s, o)
			}
		}
		return nil
	}

	// IPv6 forms that carry an IPv4 address are judged by that address
	// (IPv4-mapped addresses were unmapped above).
	b := a.As16()
	var carried []netip.Addr
	switch {
	case nat64WellKnown.Contains(a), nat64Local96.Contains(a):
		carried = []netip.Addr{netip.AddrFrom4([4]byte(b[12:16]))}
	case nat64Local.Contains(a):
		return &AddressError{Addr: addr, Range: "nat64"}
	case sixToFour.Contains(a):
		carried = []netip.Addr{netip.AddrFrom4([4]byte(b[2:6]))}
	case teredo.Contains(a):
		// The Teredo server's address in bits 32-63, and the client's
		// public address, with every bit inverted, in bits 96-127.
		client := [4]byte{^b[12], ^b[13], ^b[14], ^b[15]}
		carried = []netip.Addr{netip.AddrFrom4([4]byte(b[4:8])), netip.AddrFrom4(client)}
	}
	for _, c := range carried {
		if err := checkAddr(c, o); err != nil {
			return &AddressError{Addr: addr, Range: err.Range}
		}
	}
	if carried != nil {
		return nil
	}

	for _, s := range specialV6 {
		if s.prefix.Contains(a) {
			return judge(addr, s, o)
		}
	}
	if !globalUnicast.Contains(a) {
		return &AddressError{Addr: addr, Range: "reserved"}
	}
	return nil
}

// judge applies the opt-in that matches the kind of range s to addr.
func judge(addr netip.Addr, s special, o *Options) *AddressError {
	switch {
	case s.kind == kindLoopback && o.AllowLoopback,
		s.kind == kindPrivate && o.AllowPrivate:
		return nil
	}
	return &AddressError{Addr: addr, Range: s.name}
}

// inNetworks reports whether a, which has no zone, is in one of nets.
func inNetworks(a netip.Addr, nets []netip.Prefix) bool {
	for _, p := range nets {
		if p.IsValid() && normalizePrefix(p).Contains(a) {
			return true
		}
	}
	return false
}

// normalizePrefix masks p and turns an IPv4-mapped IPv6 prefix of at
// least 96 bits into the IPv4 prefix it stands for, since addresses are
// unmapped before they are checked.
func normalizePrefix(p netip.Prefix) netip.Prefix {
	if p.Addr().Is4In6() && p.Bits() >= 96 {
		p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
	}
	return p.Masked()
}
