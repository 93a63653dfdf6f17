package activitypub

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	vocab "github.com/go-ap/activitypub"
)

// Typed access to the properties of PeerTube's objects: Video, the
// channels (Group actors) and accounts (Person actors) that publish them,
// and Playlist. The rules are those of extensions.go.

// UUID returns the UUID of the PeerTube video or playlist o (pt:uuid),
// such as "25045c47-88e5-453b-b4e7-cca29c67de62". ok is false unless it
// is a UUID in its textual form.
func UUID(o Object) (string, bool) {
	s, ok := o.Get("uuid").String()
	if !ok || !validUUID(s) {
		return "", false
	}
	return s, true
}

// SetUUID sets pt:uuid; an empty uuid removes it. A string that is not a
// UUID is an error.
func SetUUID(o Object, uuid string) error {
	const fn = "SetUUID"
	if uuid != "" && !validUUID(uuid) {
		return errorf(fn, "%s is not a UUID", quoteShort(uuid))
	}
	return setString(o, fn, "uuid", uuid)
}

// validUUID accepts the 8-4-4-4-12 hexadecimal form.
func validUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
				return false
			}
		}
	}
	return true
}

// Views returns the view count of the video o (pt:views).
func Views(o Object) (int64, bool) { return count(o.Get("views")) }

// SetViews sets pt:views. A negative count is an error.
func SetViews(o Object, n int64) error { return setCount(o, "SetViews", "views", n) }

// Duration returns the duration of the video or audio o: the
// ActivityStreams duration property, an xsd:duration such as "PT1M12S",
// as [ParseDuration] reads it. ok is false when the property is missing
// or does not parse; ParseDuration tells why.
func Duration(o Object) (time.Duration, bool) {
	s, ok := o.Get("duration").String()
	if !ok {
		return 0, false
	}
	d, err := ParseDuration(s)
	return d, err == nil
}

// SetDuration sets the duration property of o, as [FormatDuration] writes
// it. PeerTube keeps only the digits of a duration, and so reads "PT1.5S"
// as 15 seconds: round d to the second for the videos it receives. A
// negative duration is an error.
func SetDuration(o Object, d time.Duration) error {
	const fn = "SetDuration"
	if err := needObject(o, fn); err != nil {
		return err
	}
	if d < 0 {
		return errorf(fn, "negative duration %v", d)
	}
	return o.Set("duration", FormatDuration(d))
}

// ParseDuration parses an xsd:duration, the type of the ActivityStreams
// duration property: an optional "-", "P", then years, months and days
// ("1Y2M3D"), then "T" and hours, minutes and seconds ("T4H5M6.7S"), each
// part optional but at least one present, and only the seconds with a
// fraction (digits beyond nanoseconds are dropped). A day is 24 hours.
// Years and months have no fixed length and give an error unless they are
// zero, as does a duration beyond the range of [time.Duration]. The error
// names the value.
func ParseDuration(s string) (time.Duration, error) {
	d, reason := parseDuration(s)
	if reason != "" {
		return 0, fmt.Errorf("activitypub: invalid xsd:duration %s: %s", quoteShort(s), reason)
	}
	return d, nil
}

func parseDuration(s string) (time.Duration, string) {
	rest, neg := strings.CutPrefix(s, "-")
	rest, ok := strings.CutPrefix(rest, "P")
	if !ok {
		return 0, `it does not start with "P"`
	}
	var (
		total   uint64 // nanoseconds
		inTime  bool   // after "T"
		parts   int
		partsT  int
		lastIdx = -1 // position of the last designator, for order
	)
	const limit = uint64(math.MaxInt64)
	for rest != "" {
		if rest[0] == 'T' {
			if inTime {
				return 0, `a second "T"`
			}
			inTime, rest = true, rest[1:]
			continue
		}
		i := 0
		for i < len(rest) && '0' <= rest[i] && rest[i] <= '9' {
			i++
		}
		whole := rest[:i]
		frac := ""
		if i < len(rest) && rest[i] == '.' {
			j := i + 1
			for j < len(rest) && '0' <= rest[j] && rest[j] <= '9' {
				j++
			}
			frac, i = rest[i+1:j], j
			if frac == "" {
				return 0, "a fraction without digits"
			}
		}
		if whole == "" || i == len(rest) {
			return 0, "a number without its designator, or a designator without its number"
		}
		designator := rest[i]
		rest = rest[i+1:]
		idx := strings.IndexByte("YMDHMS", designator)
		if inTime {
			idx = 3 + strings.IndexByte("HMS", designator)
			if idx < 3 {
				return 0, fmt.Sprintf("%q is not a time designator", designator)
			}
		} else if idx < 0 || idx > 2 {
			return 0, fmt.Sprintf("%q is not a date designator", designator)
		}
		if idx <= lastIdx {
			return 0, "its parts are out of order or repeated"
		}
		lastIdx = idx
		if frac != "" && designator != 'S' {
			return 0, "only seconds may have a fraction"
		}
		n, err := strconv.ParseUint(whole, 10, 64)
		if err != nil {
			return 0, "a number out of range"
		}
		parts++
		if inTime {
			partsT++
		}
		var unit uint64
		switch idx {
		case 0, 1: // years, months
			if n != 0 {
				return 0, "years and months have no fixed length"
			}
			continue
		case 2:
			unit = uint64(24 * time.Hour)
		case 3:
			unit = uint64(time.Hour)
		case 4:
			unit = uint64(time.Minute)
		case 5:
			unit = uint64(time.Second)
		}
		if n > limit/unit || total > limit-n*unit {
			return 0, "out of the range of time.Duration"
		}
		total += n * unit
		if frac != "" {
			if len(frac) > 9 {
				frac = frac[:9]
			}
			ns, _ := strconv.ParseUint(frac+strings.Repeat("0", 9-len(frac)), 10, 64)
			if total > limit-ns {
				return 0, "out of the range of time.Duration"
			}
			total += ns
		}
	}
	if parts == 0 {
		return 0, "it has no parts"
	}
	if inTime && partsT == 0 {
		return 0, `"T" without hours, minutes or seconds`
	}
	if neg {
		return -time.Duration(total), ""
	}
	return time.Duration(total), ""
}

// FormatDuration writes d as an xsd:duration in seconds, the form PeerTube
// writes, and the only one it reads right ("PT1M12S" is 112 seconds to
// PeerTube): "PT72S" for 1m12s, "PT1.5S", "PT0S". A negative d gives
// "-PT…".
func FormatDuration(d time.Duration) string {
	var b []byte
	u := uint64(d)
	if d < 0 {
		b = append(b, '-')
		u = uint64(-(d + 1)) + 1 // no overflow at math.MinInt64
	}
	b = append(b, "PT"...)
	b = strconv.AppendUint(b, u/uint64(time.Second), 10)
	if ns := u % uint64(time.Second); ns != 0 {
		frac := strconv.FormatUint(ns+uint64(time.Second), 10)[1:] // nine digits
		b = append(b, '.')
		b = append(b, strings.TrimRight(frac, "0")...)
	}
	return string(append(b, 'S'))
}

// VideoState is the state of a PeerTube video (pt:state).
type VideoState int

// The states of a PeerTube video, as PeerTube numbers them. Remote servers
// see mostly the first five.
const (
	// VideoStatePublished: the video can be watched.
	VideoStatePublished VideoState = iota + 1
	// VideoStateToTranscode: the video waits for transcoding.
	VideoStateToTranscode
	// VideoStateToImport: the video waits to be imported.
	VideoStateToImport
	// VideoStateWaitingForLive: a live stream that has not started.
	VideoStateWaitingForLive
	// VideoStateLiveEnded: a live stream that has ended.
	VideoStateLiveEnded
	// VideoStateToMoveToExternalStorage: the files move to object storage.
	VideoStateToMoveToExternalStorage
	// VideoStateTranscodingFailed: transcoding failed.
	VideoStateTranscodingFailed
	// VideoStateToMoveToExternalStorageFailed: the move to object storage
	// failed.
	VideoStateToMoveToExternalStorageFailed
	// VideoStateToEdit: the video waits for an edit of its files.
	VideoStateToEdit
	// VideoStateToMoveToFileSystem: the files move back from object
	// storage.
	VideoStateToMoveToFileSystem
	// VideoStateToMoveToFileSystemFailed: the move back failed.
	VideoStateToMoveToFileSystemFailed
	// VideoStateToImportFailed: the import failed.
	VideoStateToImportFailed
	// VideoStateToEditAsNewVideo: an edit is being saved as a new video.
	VideoStateToEditAsNewVideo
)

// State returns the state of the video o (pt:state). States PeerTube adds
// later are returned as they are.
func State(o Object) (VideoState, bool) {
	n, ok := count(o.Get("state"))
	if !ok || n > math.MaxInt32 {
		return 0, false
	}
	return VideoState(n), true
}

// SetState sets pt:state. A state below 1 is an error.
func SetState(o Object, s VideoState) error {
	if s < 1 {
		return errorf("SetState", "invalid state %d", s)
	}
	return setCount(o, "SetState", "state", int64(s))
}

// CommentsEnabled reports whether the video o takes comments
// (pt:commentsEnabled). PeerTube 6.2 and later also send the finer
// commentsPolicy.
func CommentsEnabled(o Object) (enabled, ok bool) { return o.Get("commentsEnabled").Bool() }

// SetCommentsEnabled sets pt:commentsEnabled.
func SetCommentsEnabled(o Object, enabled bool) error { return o.Set("commentsEnabled", enabled) }

// DownloadEnabled reports whether the video o may be downloaded
// (pt:downloadEnabled).
func DownloadEnabled(o Object) (enabled, ok bool) { return o.Get("downloadEnabled").Bool() }

// SetDownloadEnabled sets pt:downloadEnabled.
func SetDownloadEnabled(o Object, enabled bool) error { return o.Set("downloadEnabled", enabled) }

// WaitTranscoding reports whether the video o is to be published only once
// it is transcoded (pt:waitTranscoding).
func WaitTranscoding(o Object) (wait, ok bool) { return o.Get("waitTranscoding").Bool() }

// SetWaitTranscoding sets pt:waitTranscoding.
func SetWaitTranscoding(o Object, wait bool) error { return o.Set("waitTranscoding", wait) }

// LiveBroadcast reports whether the video o is a live stream
// (sc:isLiveBroadcast).
func LiveBroadcast(o Object) (live, ok bool) { return o.Get("isLiveBroadcast").Bool() }

// SetLiveBroadcast sets sc:isLiveBroadcast.
func SetLiveBroadcast(o Object, live bool) error { return o.Set("isLiveBroadcast", live) }

// Support returns the support text of the video, channel or account o
// (pt:support): Markdown saying how to support the creator. PeerTube
// sends null when there is none.
func Support(o Object) (string, bool) { return o.Get("support").String() }

// SetSupport sets pt:support; an empty text removes it.
func SetSupport(o Object, markdown string) error {
	return setString(o, "SetSupport", "support", markdown)
}

// Identifier is an entry of a fixed list, as PeerTube gives a video's
// category, licence and language (and Lemmy a post's language): the
// entry's identifier and its name in the sender's language.
type Identifier struct {
	// ID is the identifier (sc:identifier): a number as a string for
	// categories and licences ("15", "1"), a language code for languages.
	ID string
	// Name is the human-readable name, such as "Science & Technology".
	Name string
}

// Category returns the category of the video o (sc:category).
func Category(o Object) (Identifier, bool) { return identifierOf(o.Get("category")) }

// SetCategory sets sc:category; an empty ID removes it.
func SetCategory(o Object, c Identifier) error { return setIdentifier(o, "SetCategory", "category", c) }

// Licence returns the licence of the video o (sc:license, which PeerTube
// names licence).
func Licence(o Object) (Identifier, bool) { return identifierOf(o.Get("licence")) }

// SetLicence sets the licence; an empty ID removes it.
func SetLicence(o Object, l Identifier) error { return setIdentifier(o, "SetLicence", "licence", l) }

// Language returns the language of the video o (sc:inLanguage). When the
// property is a list, as for a Lemmy community, it returns the first
// entry.
func Language(o Object) (Identifier, bool) { return identifierOf(o.Get("language")) }

// SetLanguage sets sc:inLanguage; an empty ID removes it.
func SetLanguage(o Object, l Identifier) error { return setIdentifier(o, "SetLanguage", "language", l) }

func identifierOf(v Value) (Identifier, bool) {
	obj, ok := firstObject(v)
	if !ok {
		return Identifier{}, false
	}
	id, ok := obj.Get("identifier").String()
	if !ok || id == "" {
		return Identifier{}, false
	}
	name, _ := obj.Get("name").String()
	return Identifier{ID: id, Name: name}, true
}

type identifierJSON struct {
	Identifier string `json:"identifier"`
	Name       string `json:"name"`
}

func setIdentifier(o Object, fn, name string, id Identifier) error {
	if err := needObject(o, fn); err != nil {
		return err
	}
	if id.ID == "" {
		o.Delete(name)
		return nil
	}
	if err := checkText(id.ID, id.Name); err != nil {
		return errorf(fn, "%v", err)
	}
	raw, err := rawJSON(identifierJSON{Identifier: id.ID, Name: id.Name})
	if err != nil {
		return errorf(fn, "%v", err)
	}
	if err := o.Set(name, raw); err != nil {
		return err
	}
	return declare(o, "identifier")
}

// Caption is a caption track of a video, an entry of its subtitleLanguage.
type Caption struct {
	// Language is the language of the captions.
	Language Identifier
	// URL is the WebVTT file, if given (PeerTube 6 and later).
	URL vocab.IRI
	// AutomaticallyGenerated is whether the captions were transcribed by
	// a machine (PeerTube 6.2 and later).
	AutomaticallyGenerated bool
}

// SubtitleLanguages returns the caption tracks of the video o
// (sc:subtitleLanguage).
func SubtitleLanguages(o Object) []Caption {
	var out []Caption
	for _, v := range o.Get("subtitleLanguage").Array() {
		lang, ok := identifierOf(v)
		if !ok {
			continue
		}
		c := Caption{Language: lang}
		if obj, ok := v.Object(); ok {
			c.URL, _ = firstIRI(obj.Get("url"))
			c.AutomaticallyGenerated, _ = obj.Get("automaticallyGenerated").Bool()
		}
		out = append(out, c)
	}
	return out
}

type captionJSON struct {
	Identifier             string `json:"identifier"`
	Name                   string `json:"name"`
	AutomaticallyGenerated bool   `json:"automaticallyGenerated"`
	URL                    string `json:"url,omitempty"`
}

// SetSubtitleLanguages sets sc:subtitleLanguage, a list that PeerTube
// always sends: an empty list is written as []. Each caption needs a
// language ID.
func SetSubtitleLanguages(o Object, captions []Caption) error {
	const fn = "SetSubtitleLanguages"
	if err := needObject(o, fn); err != nil {
		return err
	}
	items := make([]any, 0, len(captions))
	for _, c := range captions {
		if c.Language.ID == "" {
			return errorf(fn, "a caption without a language")
		}
		if err := checkText(c.Language.ID, c.Language.Name); err != nil {
			return errorf(fn, "%v", err)
		}
		if c.URL != "" {
			if err := checkIRI(c.URL); err != nil {
				return errorf(fn, "caption %s: %v", quoteShort(c.Language.ID), err)
			}
		}
		raw, err := rawJSON(captionJSON{Identifier: c.Language.ID, Name: c.Language.Name,
			AutomaticallyGenerated: c.AutomaticallyGenerated, URL: string(c.URL)})
		if err != nil {
			return errorf(fn, "%v", err)
		}
		items = append(items, raw)
	}
	if err := o.Set("subtitleLanguage", items); err != nil {
		return err
	}
	if len(items) == 0 {
		return nil
	}
	return declare(o, "identifier", "automaticallyGenerated")
}

// Media types of the links of a PeerTube video.
const (
	// MediaTypeHLS is the media type of an HLS master playlist, whose
	// link lists its files and their hashes in its Tag.
	MediaTypeHLS = "application/x-mpegURL"
	// MediaTypeTorrent is the media type of a torrent file.
	MediaTypeTorrent = "application/x-bittorrent"
	// MediaTypeMagnet is the media type PeerTube gives magnet links.
	MediaTypeMagnet = "application/x-bittorrent;x-scheme-handler/magnet"
)

// VideoLink is a link of a PeerTube video's url list, or of an HLS
// playlist link's tag list. Which fields are set depends on the kind of
// link:
//
//   - the watch page: MediaType "text/html";
//   - a video or audio file: MediaType "video/mp4" and the like, Height,
//     Width, FPS, Size, and Attachment (ffprobe_codec_type and
//     peertube_format_flag properties);
//   - an HLS playlist: MediaType [MediaTypeHLS] and Tag, which holds the
//     playlist's files, their torrents and magnets, the file of segment
//     hashes (Name "sha256") and links of Type "Infohash" whose Name is a
//     BitTorrent infohash;
//   - a torrent or magnet: MediaType [MediaTypeTorrent] or
//     [MediaTypeMagnet], with the dimensions of the file;
//   - file metadata: Rel ["metadata", "video/mp4"];
//   - a tracker: Rel ["tracker", "http"] or ["tracker", "websocket"].
type VideoLink struct {
	// Type is "Link" (the default when writing) or "Infohash".
	Type string
	// Name names a tracker or the hash file, or is an infohash.
	Name string
	// Rel is the link relation: "metadata" or "tracker" and a second term.
	Rel []string
	// MediaType is the media type of the target.
	MediaType string
	// Href is the target.
	Href vocab.IRI
	// Width is the width of the video in pixels.
	Width int64
	// Height is the height of the video in pixels; 0 for audio only.
	Height int64
	// FPS is the frame rate; PeerTube writes -1 when it is unknown.
	FPS int64
	// Size is the file size in bytes.
	Size int64
	// Tag is the links of an HLS playlist.
	Tag []VideoLink
	// Attachment is the properties of a file found by ffprobe.
	Attachment []PropertyValue
}

// VideoURLs returns the links of the video o (its url). A url that is a
// bare IRI gives a VideoLink with only Href. Links with neither href nor
// name are left out, and fields of the wrong type are left zero.
func VideoURLs(o Object) []VideoLink { return videoLinks(o.Get("url")) }

func videoLinks(v Value) []VideoLink {
	var out []VideoLink
	for _, it := range v.Array() {
		if s, ok := it.String(); ok && s != "" {
			out = append(out, VideoLink{Href: vocab.IRI(s)})
			continue
		}
		obj, ok := it.Object()
		if !ok {
			continue
		}
		l := VideoLink{Type: obj.Type(), Rel: stringList(obj.Get("rel"))}
		l.Name, _ = obj.Get("name").String()
		l.MediaType, _ = obj.Get("mediaType").String()
		if s, ok := obj.Get("href").String(); ok {
			l.Href = vocab.IRI(s)
		}
		if l.Href == "" && l.Name == "" {
			continue
		}
		l.Width, _ = integer(obj.Get("width"))
		l.Height, _ = integer(obj.Get("height"))
		l.FPS, _ = integer(obj.Get("fps"))
		l.Size, _ = count(obj.Get("size"))
		l.Tag = videoLinks(obj.Get("tag"))
		l.Attachment = propertyValues(obj.Get("attachment"))
		out = append(out, l)
	}
	return out
}

type videoLinkJSON struct {
	Type       string              `json:"type"`
	Name       string              `json:"name,omitempty"`
	Rel        []string            `json:"rel,omitempty"`
	MediaType  string              `json:"mediaType,omitempty"`
	Href       string              `json:"href,omitempty"`
	Height     *int64              `json:"height,omitempty"`
	Width      *int64              `json:"width,omitempty"`
	Size       *int64              `json:"size,omitempty"`
	FPS        *int64              `json:"fps,omitempty"`
	Tag        *[]videoLinkJSON    `json:"tag,omitempty"`
	Attachment []propertyValueJSON `json:"attachment,omitempty"`
}

// SetVideoURLs sets the url of the video o to links. Zero fields are left
// out, except those PeerTube requires: the height of file, torrent and
// magnet links, the size of file links, and the tag list of HLS
// playlists. Each link needs an href (an Infohash, a name); negative
// dimensions or sizes are an error, as is a frame rate below -1.
func SetVideoURLs(o Object, links []VideoLink) error {
	const fn = "SetVideoURLs"
	if err := needObject(o, fn); err != nil {
		return err
	}
	if len(links) == 0 {
		o.Delete("url")
		return nil
	}
	used := map[string]bool{}
	js, err := videoLinkJSONs(links, used)
	if err != nil {
		return errorf(fn, "%v", err)
	}
	items := make([]any, len(js))
	for i, j := range js {
		if items[i], err = rawJSON(j); err != nil {
			return errorf(fn, "%v", err)
		}
	}
	if err := o.Set("url", items); err != nil {
		return err
	}
	for _, term := range []string{"fps", "size", "Infohash", "PropertyValue", "value"} {
		if used[term] {
			if err := declare(o, term); err != nil {
				return err
			}
		}
	}
	return nil
}

// videoLinkJSONs checks links and lays them out for encoding, noting in
// used the extension terms they need.
func videoLinkJSONs(links []VideoLink, used map[string]bool) ([]videoLinkJSON, error) {
	out := make([]videoLinkJSON, 0, len(links))
	for _, l := range links {
		j := videoLinkJSON{Type: l.Type, Name: l.Name, Rel: l.Rel, MediaType: l.MediaType, Href: string(l.Href)}
		if j.Type == "" {
			j.Type = "Link"
		}
		used[j.Type] = true
		what := quoteShort(string(l.Href))
		if l.Href == "" {
			if l.Name == "" {
				return nil, fmt.Errorf("a link without href or name")
			}
			what = quoteShort(l.Name)
		} else if err := checkIRI(l.Href); err != nil {
			return nil, err
		}
		if err := checkText(append([]string{l.Type, l.Name, l.MediaType}, l.Rel...)...); err != nil {
			return nil, err
		}
		if l.Width < 0 || l.Height < 0 || l.Size < 0 || l.FPS < -1 {
			return nil, fmt.Errorf("link %s: negative dimension, size or frame rate", what)
		}
		mt := strings.ToLower(l.MediaType)
		file := strings.HasPrefix(mt, "video/") || strings.HasPrefix(mt, "audio/")
		torrent := strings.HasPrefix(mt, MediaTypeTorrent) // magnets too
		if l.Height != 0 || file || torrent {
			j.Height = &l.Height
		}
		if l.Width != 0 {
			j.Width = &l.Width
		}
		if l.Size != 0 || file {
			j.Size = &l.Size
			used["size"] = true
		}
		if l.FPS != 0 {
			j.FPS = &l.FPS
			used["fps"] = true
		}
		if len(l.Tag) > 0 {
			tags, err := videoLinkJSONs(l.Tag, used)
			if err != nil {
				return nil, err
			}
			j.Tag = &tags
		} else if l.MediaType == MediaTypeHLS {
			j.Tag = &[]videoLinkJSON{} // PeerTube refuses a playlist without a tag list
		}
		for _, a := range l.Attachment {
			if err := checkText(a.Name, a.Value); err != nil {
				return nil, err
			}
			used["PropertyValue"], used["value"] = true, true
			j.Attachment = append(j.Attachment, propertyValueJSON{Type: "PropertyValue", Name: a.Name, Value: a.Value})
		}
		out = append(out, j)
	}
	return out, nil
}

// Playlists returns the IRI of the collection of the playlists of the
// PeerTube channel or account o (pt:playlists).
func Playlists(o Object) (vocab.IRI, bool) { return firstIRI(o.Get("playlists")) }

// SetPlaylists sets pt:playlists; an empty iri removes it.
func SetPlaylists(o Object, iri vocab.IRI) error {
	return setIRI(o, "SetPlaylists", "playlists", iri)
}

// Attribution is an entry of attributedTo: an actor, and its type when the
// document gives it. A PeerTube video is attributed to its account (a
// Person) and its channel (a Group), a channel to its account, a playlist
// to its channel (by IRI alone).
type Attribution struct {
	// ID is the actor's IRI.
	ID vocab.IRI
	// Type is the actor's type, such as "Person" or "Group", or "" when
	// the entry is a bare IRI.
	Type string
}

// AttributedTo returns the attributedTo entries of o that are IRIs or
// objects with an id. go-ap reads attributedTo too, but not for types it
// does not know, such as PeerTube's Playlist.
func AttributedTo(o Object) []Attribution {
	var out []Attribution
	for _, v := range o.Get("attributedTo").Array() {
		if s, ok := v.String(); ok && s != "" {
			out = append(out, Attribution{ID: vocab.IRI(s)})
			continue
		}
		if obj, ok := v.Object(); ok && obj.ID() != "" {
			out = append(out, Attribution{ID: vocab.IRI(obj.ID()), Type: obj.Type()})
		}
	}
	return out
}

type attributionJSON struct {
	Type string `json:"type"`
	ID   string `json:"id"`
}

// SetAttributedTo sets attributedTo to a list of the entries, each written
// as its IRI, or as an object with its type and id when Type is set;
// an empty list removes it. PeerTube refuses a video whose attributedTo
// has no Group.
func SetAttributedTo(o Object, actors []Attribution) error {
	const fn = "SetAttributedTo"
	if err := needObject(o, fn); err != nil {
		return err
	}
	if len(actors) == 0 {
		o.Delete("attributedTo")
		return nil
	}
	items := make([]any, 0, len(actors))
	for _, a := range actors {
		if err := errors.Join(checkIRI(a.ID), checkText(a.Type)); err != nil {
			return errorf(fn, "%v", err)
		}
		if a.Type == "" {
			items = append(items, string(a.ID))
			continue
		}
		raw, err := rawJSON(attributionJSON{Type: a.Type, ID: string(a.ID)})
		if err != nil {
			return errorf(fn, "%v", err)
		}
		items = append(items, raw)
	}
	return o.Set("attributedTo", items)
}

// TotalItems returns the number of items of the collection or PeerTube
// playlist o (totalItems).
func TotalItems(o Object) (int64, bool) { return count(o.Get("totalItems")) }

// SetTotalItems sets totalItems. A negative count is an error.
func SetTotalItems(o Object, n int64) error { return setCount(o, "SetTotalItems", "totalItems", n) }

// First returns the IRI of the first page of the collection or PeerTube
// playlist o (first), or the id of an embedded first page.
func First(o Object) (vocab.IRI, bool) { return firstIRI(o.Get("first")) }

// SetFirst sets first to the IRI of a page; an empty iri removes it.
func SetFirst(o Object, iri vocab.IRI) error { return setIRI(o, "SetFirst", "first", iri) }
