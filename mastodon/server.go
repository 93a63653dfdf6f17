package mastodon

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
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
	// Software is one of the Software constants.
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
	for _, path := range []string{"api/v2/instance", "api/v1/instance"} {
		req, err := c.NewRequest(ctx, "GET", path, nil)
		if err != nil {
			return nil, err
		}
		_, err = c.Do(req, &doc)
		if errors.Is(err, ErrNotFound) && path == "api/v2/instance" {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("mastodon: finding out the server's software: %w", err)
		}
		break
	}
	c.server = parseServerInfo(doc.Version, doc.SourceURL, doc.APIVersions)
	return c.server, nil
}
