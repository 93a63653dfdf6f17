package mastodon

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/fedikit/fedikit/activitypub/nodeinfo"
)

// Software names of [ServerInfo].
const (
	SoftwareMastodon   = "mastodon"
	SoftwareGoToSocial = "gotosocial"
	SoftwarePleroma    = "pleroma"
	SoftwareAkkoma     = "akkoma"
	SoftwareUnknown    = "unknown"
)

// ServerInfo is what the client knows of the server's software, read from
// its instance document, to tell which endpoints and behaviours it offers.
type ServerInfo struct {
	// Software is one of the Software constants, or the name NodeInfo
	// gives a server this package does not tell apart ("misskey").
	Software string
	// Version is the software's version, such as "4.5.0" or "0.20.0";
	// Major, Minor and Patch are its numbers.
	Version             string
	Major, Minor, Patch int
	// MastodonAPI is the version of the Mastodon API the server speaks:
	// its own version for Mastodon; for Pleroma and Akkoma, the Mastodon
	// version they claim compatibility with ("2.7.2"); empty otherwise.
	MastodonAPI string
	// APIVersions are the instance document's api_versions (Mastodon
	// 4.3 and later), such as {"mastodon": 6}.
	APIVersions map[string]int
	// Raw is the instance document's version string as it came.
	Raw string
}

var (
	versionRE    = regexp.MustCompile(`^v?(\d+)\.(\d+)(?:\.(\d+))?`)
	compatibleRE = regexp.MustCompile(`\(compatible; ([A-Za-z.]+)[ /]v?([0-9][^)\s]*)`)
)

// parseServerInfo reads an instance document's version and source_url.
func parseServerInfo(raw, sourceURL string, apiVersions map[string]int) *ServerInfo {
	si := &ServerInfo{Software: SoftwareUnknown, Raw: raw, APIVersions: apiVersions}
	version := strings.TrimSpace(raw)
	if m := compatibleRE.FindStringSubmatch(raw); m != nil {
		// Pleroma and Akkoma: "2.7.2 (compatible; Akkoma 3.13.2)".
		si.MastodonAPI = strings.TrimSpace(raw[:strings.Index(raw, "(")])
		switch strings.ToLower(m[1]) {
		case "pleroma":
			si.Software = SoftwarePleroma
		case "akkoma":
			si.Software = SoftwareAkkoma
		}
		version = m[2]
	} else {
		lower, rawLower := strings.ToLower(sourceURL), strings.ToLower(raw)
		m := versionRE.FindStringSubmatch(version)
		switch {
		case strings.Contains(lower, "gotosocial"):
			si.Software = SoftwareGoToSocial
		case strings.Contains(lower, "mastodon"), strings.Contains(lower, "hometown"),
			strings.Contains(rawLower, "+glitch"), strings.Contains(rawLower, "+hometown"),
			// The v1 instance document has no source_url; GoToSocial's
			// versions start at 0.
			sourceURL == "" && m != nil && m[1] != "0":
			// Mastodon's forks (glitch-soc, Hometown) keep its version.
			si.Software = SoftwareMastodon
		}
	}
	if m := versionRE.FindStringSubmatch(version); m != nil {
		si.Major, _ = strconv.Atoi(m[1])
		si.Minor, _ = strconv.Atoi(m[2])
		si.Patch, _ = strconv.Atoi(m[3])
		si.Version = strings.TrimPrefix(m[0], "v")
	}
	if si.Software == SoftwareMastodon {
		si.MastodonAPI = si.Version
	}
	return si
}

// AtLeast reports whether the software's version is at least
// major.minor.patch.
func (si *ServerInfo) AtLeast(major, minor, patch int) bool {
	if si.Major != major {
		return si.Major > major
	}
	if si.Minor != minor {
		return si.Minor > minor
	}
	return si.Patch >= patch
}

// HonoursIdempotencyKey reports whether the server is known to keep the
// Idempotency-Key of a new post, so that a retried POST cannot make a
// second post: Mastodon, Pleroma and Akkoma do; GoToSocial accepts the
// header and ignores it; an unknown server is assumed not to.
func (si *ServerInfo) HonoursIdempotencyKey() bool {
	switch si.Software {
	case SoftwareMastodon, SoftwarePleroma, SoftwareAkkoma:
		return true
	}
	return false
}

// String names the software and version, such as "mastodon 4.5.0".
func (si *ServerInfo) String() string {
	if si.Version == "" {
		return si.Software
	}
	return si.Software + " " + si.Version
}

// Feature is an API feature that not every server has.
type Feature int

// Features whose presence [ServerInfo.Supports] tells.
const (
	// FeatureInstanceV2 is GET /api/v2/instance (Mastodon 4.0).
	FeatureInstanceV2 Feature = iota + 1
	// FeatureStatusesIndex is GET /api/v1/statuses?id[]= (Mastodon 4.3).
	FeatureStatusesIndex
	// FeatureGroupedNotifications is the /api/v2/notifications API
	// (Mastodon 4.3).
	FeatureGroupedNotifications
	// FeatureOAuthMetadata is /.well-known/oauth-authorization-server and
	// PKCE (Mastodon 4.3).
	FeatureOAuthMetadata
	// FeatureMediaDelete is DELETE /api/v1/media/:id (Mastodon 4.4).
	FeatureMediaDelete
	// FeatureQuotes is quoting statuses and quote policies (Mastodon 4.5).
	FeatureQuotes
	// FeatureIdempotencyKey is an Idempotency-Key honoured on new
	// statuses.
	FeatureIdempotencyKey
)

// featureVersions is the Mastodon version that brought each feature.
var featureVersions = map[Feature][3]int{
	FeatureInstanceV2:           {4, 0, 0},
	FeatureStatusesIndex:        {4, 3, 0},
	FeatureGroupedNotifications: {4, 3, 0},
	FeatureOAuthMetadata:        {4, 3, 0},
	FeatureMediaDelete:          {4, 4, 0},
	FeatureQuotes:               {4, 5, 0},
}

// featureNames are the names of features in errors.
var featureNames = map[Feature]string{
	FeatureInstanceV2:           "GET /api/v2/instance",
	FeatureStatusesIndex:        "GET /api/v1/statuses",
	FeatureGroupedNotifications: "grouped notifications (/api/v2/notifications)",
	FeatureOAuthMetadata:        "OAuth server metadata",
	FeatureMediaDelete:          "DELETE /api/v1/media/:id",
	FeatureQuotes:               "quotes",
	FeatureIdempotencyKey:       "Idempotency-Key",
}

// String names the feature.
func (f Feature) String() string {
	if n, ok := featureNames[f]; ok {
		return n
	}
	return "feature " + strconv.Itoa(int(f))
}

// Supports reports whether the server has feature f, as far as its
// software and version tell: Mastodon (and its forks) by version;
// GoToSocial, Pleroma and Akkoma have the v2 instance and not the newer
// features; for other servers it answers true, and a call finds out.
func (si *ServerInfo) Supports(f Feature) bool {
	if f == FeatureIdempotencyKey {
		return si.HonoursIdempotencyKey()
	}
	switch si.Software {
	case SoftwareMastodon:
		v, ok := featureVersions[f]
		return !ok || si.AtLeast(v[0], v[1], v[2])
	case SoftwareGoToSocial, SoftwarePleroma, SoftwareAkkoma:
		return f == FeatureInstanceV2
	}
	return true
}

// Require returns a [*NotSupportedError] when the server is known to lack
// feature f, and nil otherwise (also when its software cannot be told).
func (c *Client) Require(ctx context.Context, f Feature) error {
	si, err := c.Server(ctx)
	if err != nil || si.Supports(f) {
		return nil
	}
	return &NotSupportedError{Feature: f.String(), Server: si.String()}
}

// Server returns what the client knows of the server's software, reading
// its instance document (v2, else v1) the first time. Later calls return
// the same, without a request. A failure is not remembered.
func (c *Client) Server(ctx context.Context) (*ServerInfo, error) {
	c.serverMu.Lock()
	defer c.serverMu.Unlock()
	if c.server != nil {
		return c.server, nil
	}
	var doc struct {
		Version     string         `json:"version"`
		SourceURL   string         `json:"source_url"`
		APIVersions map[string]int `json:"api_versions"`
	}
	var ierr error
	for _, path := range []string{"api/v2/instance", "api/v1/instance"} {
		req, err := c.NewRequest(ctx, "GET", path, nil)
		if err != nil {
			return nil, err
		}
		_, ierr = c.Do(req, &doc)
		if errors.Is(ierr, ErrNotFound) && path == "api/v2/instance" {
			continue
		}
		break
	}
	var si *ServerInfo
	if ierr == nil {
		si = parseServerInfo(doc.Version, doc.SourceURL, doc.APIVersions)
		if si.Software != SoftwareUnknown {
			c.server = si
			return si, nil
		}
	}
	// The instance document did not tell: NodeInfo names the software.
	info, nerr := c.nodeInfo(ctx)
	switch {
	case nerr == nil:
		si = fromNodeInfo(si, info.Software.Name, info.Software.Version)
	case ierr != nil:
		return nil, fmt.Errorf("mastodon: finding out the server's software: %w", ierr)
	}
	c.server = si
	return si, nil
}

// nodeInfo fetches the server's NodeInfo document, with the same network
// permissions as the client.
func (c *Client) nodeInfo(ctx context.Context) (*nodeinfo.NodeInfo, error) {
	nc := nodeinfo.NewClient(&nodeinfo.ClientOptions{
		AllowLoopback: c.opts.AllowLoopback, AllowPrivate: c.opts.AllowPrivate, AllowHTTP: c.opts.AllowHTTP,
		Timeout: c.opts.Timeout, UserAgent: c.userAgent, Logger: c.opts.Logger,
	})
	return nc.Get(ctx, c.baseURL.Scheme+"://"+c.baseURL.Host)
}

// fromNodeInfo completes si (nil when the instance document could not be
// read) with NodeInfo's software name and version.
func fromNodeInfo(si *ServerInfo, name, version string) *ServerInfo {
	if si == nil {
		si = &ServerInfo{Raw: version}
	}
	switch name {
	case "mastodon", "hometown", "glitch-soc", "glitchsoc":
		si.Software = SoftwareMastodon
	case "":
		si.Software = SoftwareUnknown
	default:
		// gotosocial, pleroma, akkoma, and servers this package does not
		// tell apart (misskey, sharkey, iceshrimp, friendica…) by their
		// own name.
		si.Software = name
	}
	if si.Version == "" {
		if m := versionRE.FindStringSubmatch(version); m != nil {
			si.Major, _ = strconv.Atoi(m[1])
			si.Minor, _ = strconv.Atoi(m[2])
			si.Patch, _ = strconv.Atoi(m[3])
			si.Version = strings.TrimPrefix(m[0], "v")
		}
	}
	if si.Software == SoftwareMastodon && si.MastodonAPI == "" {
		si.MastodonAPI = si.Version
	}
	return si
}
