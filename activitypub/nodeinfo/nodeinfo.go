package nodeinfo

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Schema identifiers. A schema URL is both the rel of a discovery link and,
// with a trailing "#", the profile of the document's media type.
const (
	// Schema20 is the NodeInfo 2.0 schema URL.
	Schema20 = "http://nodeinfo.diaspora.software/ns/schema/2.0"

	// Schema21 is the NodeInfo 2.1 schema URL, the version this package
	// serves.
	Schema21 = "http://nodeinfo.diaspora.software/ns/schema/2.1"

	// WellKnownPath is the path of the discovery document on every host.
	WellKnownPath = "/.well-known/nodeinfo"
)

// NodeInfo is a NodeInfo document: which software a server runs, what it
// speaks and how many people use it.
//
// Decoding with [encoding/json] is lenient, because servers in the wild
// stray from the schema: see [NodeInfo.UnmarshalJSON]. Encoding writes the
// 2.1 layout, or 2.0 when Version is "2.0": see [NodeInfo.MarshalJSON].
type NodeInfo struct {
	// Version is the schema version of the document, such as "2.1".
	Version string `json:"version"`

	// Software names the server software and its version.
	Software Software `json:"software"`

	// Protocols lists the federation protocols the server speaks, such as
	// "activitypub". Decoding leaves it nil when the document lists none.
	Protocols []string `json:"protocols"`

	// Services lists the third-party sites the server connects to.
	Services Services `json:"services"`

	// OpenRegistrations reports whether anyone may sign up on the server.
	// It is false when the document does not say.
	OpenRegistrations bool `json:"openRegistrations"`

	// Usage holds the server's usage statistics.
	Usage Usage `json:"usage"`

	// Metadata holds the free-form, software-specific "metadata" object as
	// raw JSON. After decoding it is always a JSON object: "{}" when the
	// document has none, or has something other than an object there.
	// [NodeInfo.DecodeMetadata] decodes it into a type of the caller's.
	Metadata json.RawMessage `json:"metadata"`
}

// Software describes the server software.
type Software struct {
	// Name is the canonical name of the software, such as "mastodon" or
	// "gotosocial". The schema wants lower case letters, digits and
	// hyphens; decoding and encoding turn the name to lower case, so that
	// names compare as they are, and the original spelling is not kept.
	Name string `json:"name"`

	// Version is the version of the software, in whatever form it uses.
	Version string `json:"version"`

	// Repository is the URL of the software's source code repository. It
	// exists from schema 2.1 on.
	Repository string `json:"repository,omitempty"`

	// Homepage is the URL of the software's homepage. It exists from
	// schema 2.1 on.
	Homepage string `json:"homepage,omitempty"`
}

// Services lists the third-party sites a server can connect to through
// their APIs, by the names the schema gives them (such as "atom1.0" or
// "rss2.0"). Decoding leaves a list nil when the document lists none;
// encoding writes an empty array for a nil list.
type Services struct {
	// Inbound lists the sites the server can read messages from.
	Inbound []string `json:"inbound"`

	// Outbound lists the sites the server can publish messages to.
	Outbound []string `json:"outbound"`
}

// Usage holds a server's usage statistics. A nil count means the document
// does not report it.
type Usage struct {
	// Users counts the server's users.
	Users Users `json:"users"`

	// LocalPosts is the number of posts made by the server's users.
	LocalPosts *int64 `json:"localPosts,omitempty"`

	// LocalComments is the number of comments made by the server's users.
	LocalComments *int64 `json:"localComments,omitempty"`
}

// Users counts a server's users. A nil count means the document does not
// report it.
type Users struct {
	// Total is the number of registered users.
	Total *int64 `json:"total,omitempty"`

	// ActiveHalfyear is the number of users who signed in at least once in
	// the last 180 days.
	ActiveHalfyear *int64 `json:"activeHalfyear,omitempty"`

	// ActiveMonth is the number of users who signed in at least once in
	// the last 30 days.
	ActiveMonth *int64 `json:"activeMonth,omitempty"`
}

// DecodeMetadata decodes the document's metadata object into v, which is
// anything [json.Unmarshal] accepts. Empty metadata decodes as "{}".
func (n *NodeInfo) DecodeMetadata(v any) error {
	data := []byte(n.Metadata)
	if len(bytes.TrimSpace(data)) == 0 {
		data = []byte("{}")
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("nodeinfo: decode metadata: %w", err)
	}
	return nil
}

// wireDocument is NodeInfo without its methods, so that MarshalJSON can
// encode it with the standard encoder.
type wireDocument NodeInfo

// MarshalJSON writes n as a NodeInfo document that validates against the
// schema of its version, as far as n's values allow: Version "" is written
// as "2.1"; the software name in lower case; nil lists as empty arrays and
// empty Metadata as "{}". For Version "2.0" (and the 1.x versions)
// Software.Repository and Software.Homepage are left out, since those
// schemas do not have them. Every other version is written as given, in
// the 2.1 layout. Metadata that is not a JSON object is an error.
func (n NodeInfo) MarshalJSON() ([]byte, error) {
	w := wireDocument(n)
	if w.Version == "" {
		w.Version = "2.1"
	}
	w.Software.Name = strings.ToLower(w.Software.Name)
	if !hasRepositoryField(w.Version) {
		w.Software.Repository = ""
		w.Software.Homepage = ""
	}
	w.Protocols = nonNil(w.Protocols)
	w.Services.Inbound = nonNil(w.Services.Inbound)
	w.Services.Outbound = nonNil(w.Services.Outbound)
	meta := bytes.TrimSpace(w.Metadata)
	switch {
	case len(meta) == 0 || string(meta) == "null":
		w.Metadata = json.RawMessage("{}")
	case meta[0] != '{' || !json.Valid(meta):
		return nil, errors.New("nodeinfo: metadata is not a JSON object")
	}
	return json.Marshal(w)
}

// hasRepositoryField reports whether the schema of version v has
// software.repository and software.homepage.
func hasRepositoryField(v string) bool {
	return v != "2.0" && !strings.HasPrefix(v, "1.")
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// wireIn is the incoming layout of a document, each member kept raw so
// that it can be read leniently.
type wireIn struct {
	Version           json.RawMessage `json:"version"`
	Software          json.RawMessage `json:"software"`
	Protocols         json.RawMessage `json:"protocols"`
	Services          json.RawMessage `json:"services"`
	OpenRegistrations json.RawMessage `json:"openRegistrations"`
	Usage             json.RawMessage `json:"usage"`
	Metadata          json.RawMessage `json:"metadata"`
}

type wireSoftware struct {
	Name       json.RawMessage `json:"name"`
	Version    json.RawMessage `json:"version"`
	Repository json.RawMessage `json:"repository"`
	Homepage   json.RawMessage `json:"homepage"`
}

type wireDirections struct {
	Inbound  json.RawMessage `json:"inbound"`
	Outbound json.RawMessage `json:"outbound"`
}

type wireUsage struct {
	Users         json.RawMessage `json:"users"`
	LocalPosts    json.RawMessage `json:"localPosts"`
	LocalComments json.RawMessage `json:"localComments"`
}

type wireUsers struct {
	Total          json.RawMessage `json:"total"`
	ActiveHalfyear json.RawMessage `json:"activeHalfyear"`
	ActiveMonth    json.RawMessage `json:"activeMonth"`
}

// UnmarshalJSON reads a NodeInfo document of any 1.x or 2.x schema
// version. It insists on what identifies a document and is lenient about
// the rest, because real servers differ from the schema:
//
//   - version must be a non-empty string;
//   - software, services, usage and usage.users may be missing or null (an
//     empty array, as PHP writes empty objects, counts as empty too);
//   - software.name is turned to lower case; software.version may be a
//     number, kept as its text;
//   - protocols may be a list, a single string, or the 1.x object of
//     inbound and outbound lists, which is flattened into one list without
//     duplicates;
//   - counts may be integers, numbers with no fraction (12.0) or strings
//     holding one ("12"); a negative count is taken as not reported;
//   - openRegistrations may be missing (false), null (false) or the string
//     "true" or "false";
//   - metadata that is missing or not an object becomes "{}".
//
// Any other type in a known member is an error that matches
// [ErrInvalidDocument] and names the member. Unknown members are ignored.
// Following the [json.Unmarshaler] convention, a JSON null leaves n as it
// is.
func (n *NodeInfo) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	if string(data) == "null" {
		return nil
	}
	var w wireIn
	if err := decodeObject(data, "", &w); err != nil {
		return err
	}
	var out NodeInfo
	var err error

	version, present, err := readString("version", w.Version, false)
	if err != nil {
		return err
	}
	version = strings.TrimSpace(version)
	if !present || version == "" {
		return &DecodeError{Field: "version", Err: errors.New("missing")}
	}
	out.Version = version

	if out.Software, err = readSoftware(w.Software); err != nil {
		return err
	}
	if out.Protocols, err = readProtocols(w.Protocols); err != nil {
		return err
	}
	if out.Services, err = readServices(w.Services); err != nil {
		return err
	}
	if out.OpenRegistrations, err = readBool("openRegistrations", w.OpenRegistrations); err != nil {
		return err
	}
	if out.Usage, err = readUsage(w.Usage); err != nil {
		return err
	}
	out.Metadata = json.RawMessage("{}")
	if meta := bytes.TrimSpace(w.Metadata); len(meta) > 0 && meta[0] == '{' {
		out.Metadata = bytes.Clone(meta)
	}
	*n = out
	return nil
}

// isEmpty reports whether a raw member is missing, null, or an empty array
// standing for an empty object.
func isEmpty(raw json.RawMessage) bool {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return true
	}
	if raw[0] == '[' {
		return len(bytes.TrimSpace(raw[1:len(raw)-1])) == 0
	}
	return false
}

// decodeObject decodes the JSON object raw into v, a pointer to a wire
// struct, and names field in the error when raw is not an object.
func decodeObject(raw json.RawMessage, field string, v any) error {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '{' {
		return &DecodeError{Field: field, Err: fmt.Errorf("want an object, got %s", kind(raw))}
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return &DecodeError{Field: field, Err: err}
	}
	return nil
}

// kind names the JSON type of raw for error messages.
func kind(raw json.RawMessage) string {
	if len(raw) == 0 {
		return "nothing"
	}
	switch raw[0] {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	default:
		return "a number"
	}
}

// readString reads a string member. present is false when the member is
// missing or null. With number set, a number is accepted and kept as its
// text.
func readString(field string, raw json.RawMessage, number bool) (s string, present bool, err error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return "", false, nil
	}
	switch k := kind(raw); {
	case k == "a string":
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", false, &DecodeError{Field: field, Err: err}
		}
		return s, true, nil
	case k == "a number" && number:
		return string(raw), true, nil
	default:
		return "", false, &DecodeError{Field: field, Err: fmt.Errorf("want a string, got %s", k)}
	}
}

func readSoftware(raw json.RawMessage) (Software, error) {
	var sw Software
	if isEmpty(raw) {
		return sw, nil
	}
	var w wireSoftware
	if err := decodeObject(raw, "software", &w); err != nil {
		return sw, err
	}
	var err error
	if sw.Name, _, err = readString("software.name", w.Name, false); err != nil {
		return sw, err
	}
	sw.Name = strings.ToLower(strings.TrimSpace(sw.Name))
	if sw.Version, _, err = readString("software.version", w.Version, true); err != nil {
		return sw, err
	}
	if sw.Repository, _, err = readString("software.repository", w.Repository, false); err != nil {
		return sw, err
	}
	if sw.Homepage, _, err = readString("software.homepage", w.Homepage, false); err != nil {
		return sw, err
	}
	return sw, nil
}

// readStrings reads a list of strings, or a single string as a list of
// one. An empty list is returned as nil.
func readStrings(field string, raw json.RawMessage) ([]string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	switch kind(raw) {
	case "a string":
		s, _, err := readString(field, raw, false)
		return []string{s}, err
	case "an array":
	default:
		return nil, &DecodeError{Field: field, Err: fmt.Errorf("want a list of strings, got %s", kind(raw))}
	}
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, &DecodeError{Field: field, Err: err}
	}
	var out []string
	for i, item := range items {
		s, present, err := readString(field+"["+strconv.Itoa(i)+"]", item, false)
		if err != nil {
			return nil, err
		}
		if present {
			out = append(out, s)
		}
	}
	return out, nil
}

func readProtocols(raw json.RawMessage) ([]string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '{' {
		return readStrings("protocols", raw)
	}
	// NodeInfo 1.x: {"inbound": [...], "outbound": [...]}.
	var w wireDirections
	if err := decodeObject(raw, "protocols", &w); err != nil {
		return nil, err
	}
	in, err := readStrings("protocols.inbound", w.Inbound)
	if err != nil {
		return nil, err
	}
	out, err := readStrings("protocols.outbound", w.Outbound)
	if err != nil {
		return nil, err
	}
	var all []string
	seen := make(map[string]bool)
	for _, p := range append(in, out...) {
		if !seen[p] {
			seen[p] = true
			all = append(all, p)
		}
	}
	return all, nil
}

func readServices(raw json.RawMessage) (Services, error) {
	var s Services
	if isEmpty(raw) {
		return s, nil
	}
	var w wireDirections
	if err := decodeObject(raw, "services", &w); err != nil {
		return s, err
	}
	var err error
	if s.Inbound, err = readStrings("services.inbound", w.Inbound); err != nil {
		return s, err
	}
	if s.Outbound, err = readStrings("services.outbound", w.Outbound); err != nil {
		return s, err
	}
	return s, nil
}

func readBool(field string, raw json.RawMessage) (bool, error) {
	raw = bytes.TrimSpace(raw)
	switch string(raw) {
	case "", "null", "false":
		return false, nil
	case "true":
		return true, nil
	}
	if kind(raw) == "a string" {
		s, _, err := readString(field, raw, false)
		if err != nil {
			return false, err
		}
		switch strings.ToLower(strings.TrimSpace(s)) {
		case "true":
			return true, nil
		case "false", "":
			return false, nil
		}
		return false, &DecodeError{Field: field, Err: fmt.Errorf("want a boolean, got the string %q", s)}
	}
	return false, &DecodeError{Field: field, Err: fmt.Errorf("want a boolean, got %s", kind(raw))}
}

func readUsage(raw json.RawMessage) (Usage, error) {
	var u Usage
	if isEmpty(raw) {
		return u, nil
	}
	var w wireUsage
	if err := decodeObject(raw, "usage", &w); err != nil {
		return u, err
	}
	var err error
	if !isEmpty(w.Users) {
		var wu wireUsers
		if err := decodeObject(w.Users, "usage.users", &wu); err != nil {
			return u, err
		}
		if u.Users.Total, err = readCount("usage.users.total", wu.Total); err != nil {
			return u, err
		}
		if u.Users.ActiveHalfyear, err = readCount("usage.users.activeHalfyear", wu.ActiveHalfyear); err != nil {
			return u, err
		}
		if u.Users.ActiveMonth, err = readCount("usage.users.activeMonth", wu.ActiveMonth); err != nil {
			return u, err
		}
	}
	if u.LocalPosts, err = readCount("usage.localPosts", w.LocalPosts); err != nil {
		return u, err
	}
	if u.LocalComments, err = readCount("usage.localComments", w.LocalComments); err != nil {
		return u, err
	}
	return u, nil
}

// readCount reads a count: an integer, a number without a fraction, or a
// string holding either. Missing, null, empty and negative counts are nil.
func readCount(field string, raw json.RawMessage) (*int64, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var text string
	switch k := kind(raw); k {
	case "a number":
		text = string(raw)
	case "a string":
		s, _, err := readString(field, raw, false)
		if err != nil {
			return nil, err
		}
		text = strings.TrimSpace(s)
		if text == "" {
			return nil, nil
		}
		if strings.Trim(text, "0123456789+-.eE") != "" {
			return nil, &DecodeError{Field: field, Err: fmt.Errorf("want a count, got the string %q", s)}
		}
	default:
		return nil, &DecodeError{Field: field, Err: fmt.Errorf("want a count, got %s", k)}
	}
	v, err := parseCount(text)
	if err != nil {
		return nil, &DecodeError{Field: field, Err: err}
	}
	if v < 0 {
		return nil, nil
	}
	return &v, nil
}

func parseCount(text string) (int64, error) {
	if v, err := strconv.ParseInt(text, 10, 64); err == nil {
		return v, nil
	}
	f, err := strconv.ParseFloat(text, 64)
	if err != nil {
		return 0, fmt.Errorf("want a count, got %q", text)
	}
	if f < 0 {
		return -1, nil // out of the schema's range whatever its size
	}
	if f != math.Trunc(f) || f >= math.MaxInt64 {
		return 0, fmt.Errorf("want a whole number of at most 2^63-1, got %s", text)
	}
	return int64(f), nil
}
