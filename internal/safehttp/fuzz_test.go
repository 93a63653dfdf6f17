package safehttp

import (
	"errors"
	"net/netip"
	"testing"
)

// FuzzCheckAddr checks properties of CheckAddr that must hold for every
// address, taken as 4 or 16 raw bytes:
//
//   - an error is always an *AddressError for the same address, with a
//     range name, that matches ErrForbiddenAddress;
//   - an IPv4 address and its IPv4-mapped IPv6 form get the same answer;
//   - an address allowed by default is one the standard library calls
//     global unicast, and is not loopback, private, link-local, multicast
//     or unspecified;
//   - opting in never refuses what the defaults allow, and what it newly
//     allows is loopback, private, cgnat or ula, or carries one of those;
//   - a prefix holding the address in AllowedNetworks always allows it.
func FuzzCheckAddr(f *testing.F) {
	for _, s := range []string{
		"127.0.0.1", "10.0.0.1", "169.254.169.254", "1.1.1.1", "255.255.255.255",
		"::1", "fe80::1", "fd00::1", "2606:4700:4700::1111", "64:ff9b::a9fe:a9fe",
		"2002:7f00:1::", "2001:0:101:101::80ff:fffe", "::ffff:10.0.0.1", "5f00::1",
	} {
		f.Add(netip.MustParseAddr(s).AsSlice())
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		addr, ok := netip.AddrFromSlice(b)
		if !ok {
			return
		}
		def := CheckAddr(addr, nil)
		if def != nil {
			var aerr *AddressError
			if !errors.As(def, &aerr) {
				t.Fatalf("CheckAddr(%s) = %T, want *AddressError", addr, def)
			}
			if aerr.Addr != addr || aerr.Range == "" || aerr.Host != "" {
				t.Fatalf("CheckAddr(%s) = %+v", addr, aerr)
			}
			if !errors.Is(def, ErrForbiddenAddress) {
				t.Fatalf("CheckAddr(%s) does not match ErrForbiddenAddress", addr)
			}
		}

		if addr.Is4() {
			mapped := netip.AddrFrom16(addr.As16())
			if rangeOf(def) != rangeOf(CheckAddr(mapped, nil)) {
				t.Fatalf("%s and %s judged differently", addr, mapped)
			}
		}

		if def == nil {
			if !addr.IsGlobalUnicast() || addr.IsLoopback() || addr.IsPrivate() ||
				addr.IsLinkLocalUnicast() || addr.IsMulticast() || addr.IsUnspecified() {
				t.Fatalf("CheckAddr(%s) allowed a non-public address", addr)
			}
		}

		optIn := CheckAddr(addr, &Options{AllowLoopback: true, AllowPrivate: true})
		if def == nil && optIn != nil {
			t.Fatalf("opting in refused %s: %v", addr, optIn)
		}
		if def != nil && optIn == nil {
			switch rangeOf(def) {
			case "loopback", "private", "cgnat", "ula":
			default:
				t.Fatalf("opting in allowed %s in range %q", addr, rangeOf(def))
			}
		}

		bits := 96
		if addr.Is4() {
			bits = 16
		}
		p, err := addr.Prefix(bits)
		if err != nil {
			t.Fatal(err)
		}
		if err := CheckAddr(addr, &Options{AllowedNetworks: []netip.Prefix{p}}); err != nil {
			t.Fatalf("CheckAddr(%s) with %s allowed: %v", addr, p, err)
		}
	})
}

// rangeOf returns the Range of an *AddressError, or "" for nil.
func rangeOf(err error) string {
	var aerr *AddressError
	if errors.As(err, &aerr) {
		return aerr.Range
	}
	return ""
}
