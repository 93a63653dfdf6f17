package mastodon

import "encoding/json"

// MediaAttachment is a file attached to a status: a picture, a video, a
// looping animation, or a sound.
//
// https://docs.joinmastodon.org/entities/MediaAttachment/
type MediaAttachment struct {
	// ID is the attachment's identifier.
	ID ID `json:"id"`
	// Type is the kind of media.
	Type MediaType `json:"type"`
	// URL is the full-size file; "" while the server is still processing
	// an upload.
	URL string `json:"url"`
	// PreviewURL is a scaled-down preview, or "".
	PreviewURL string `json:"preview_url"`
	// RemoteURL is the file on its origin server, for a remote
	// attachment; "" for a local one.
	RemoteURL string `json:"remote_url"`
	// PreviewRemoteURL is the preview on its origin server, if any.
	// Mastodon and GoToSocial send it though the documentation does not
	// list it.
	PreviewRemoteURL string `json:"preview_remote_url,omitempty"`
	// Meta describes the file: sizes, duration, focal point. It is nil
	// when the server sends none.
	Meta *MediaMeta `json:"meta"`
	// Description is the alternative text, or "".
	Description string `json:"description"`
	// Blurhash is the BlurHash of the picture or preview, or "".
	Blurhash string `json:"blurhash"`
	// TextURL was a short link to the attachment.
	//
	// Deprecated: Mastodon 3.5 removed it; some servers still send it.
	TextURL string `json:"text_url,omitempty"`

	// Pleroma holds Pleroma's extension object as it was received.
	Pleroma json.RawMessage `json:"pleroma,omitempty"`
}

// MediaType is the kind of a [MediaAttachment].
//
// https://docs.joinmastodon.org/entities/MediaAttachment/#type
type MediaType string

// The kinds of media attachment.
const (
	// MediaUnknown is a file the server could not classify.
	MediaUnknown MediaType = "unknown"
	// MediaImage is a still picture.
	MediaImage MediaType = "image"
	// MediaGIFV is a looping animation without sound, served as video.
	MediaGIFV MediaType = "gifv"
	// MediaVideo is a video.
	MediaVideo MediaType = "video"
	// MediaAudio is a sound recording (2.9.1).
	MediaAudio MediaType = "audio"
)

// MediaMeta is the metadata of a [MediaAttachment]. Which fields are set
// depends on the kind of media: pictures have Original, Small and
// Focus; videos and animations add the top-level size, duration and
// frame rate; sounds have the duration and the audio fields.
//
// https://docs.joinmastodon.org/entities/MediaAttachment/#meta
type MediaMeta struct {
	// Original describes the full-size file, and Small the preview.
	Original *MediaDimensions `json:"original,omitempty"`
	Small    *MediaDimensions `json:"small,omitempty"`
	// Focus is the focal point used to crop thumbnails, if one is set.
	Focus *Focus `json:"focus,omitempty"`

	// Length is the duration as text, such as "0:01:28.65".
	Length string `json:"length,omitempty"`
	// Duration is the duration in seconds.
	Duration float64 `json:"duration,omitempty"`
	// FPS is the frame rate, in frames a second.
	FPS float64 `json:"fps,omitempty"`
	// Size is the frame size as "WIDTHxHEIGHT".
	Size string `json:"size,omitempty"`
	// Width and Height are the frame size in pixels.
	Width  int `json:"width,omitempty"`
	Height int `json:"height,omitempty"`
	// Aspect is Width divided by Height.
	Aspect float64 `json:"aspect,omitempty"`
	// AudioEncode names the audio codec, AudioBitrate gives the audio's
	// rate as text (Mastodon puts the sample rate there, such as
	// "44100 Hz"), and AudioChannels its channel layout, such as
	// "stereo".
	AudioEncode   string `json:"audio_encode,omitempty"`
	AudioBitrate  string `json:"audio_bitrate,omitempty"`
	AudioChannels string `json:"audio_channels,omitempty"`
	// Colors are the colours Mastodon picks from a sound's cover art for
	// its player. The documentation does not list them.
	Colors *MediaColors `json:"colors,omitempty"`
}

// MediaDimensions describes one version of a media file, the original
// or the preview, in [MediaMeta].
type MediaDimensions struct {
	// Width and Height are the size in pixels.
	Width  int `json:"width,omitempty"`
	Height int `json:"height,omitempty"`
	// Size is the size as "WIDTHxHEIGHT".
	Size string `json:"size,omitempty"`
	// Aspect is Width divided by Height.
	Aspect float64 `json:"aspect,omitempty"`
	// FrameRate is a video's frame rate as a fraction, such as "100/3".
	FrameRate string `json:"frame_rate,omitempty"`
	// Duration is the duration in seconds.
	Duration float64 `json:"duration,omitempty"`
	// Bitrate is the overall bit rate, in bits a second.
	Bitrate int64 `json:"bitrate,omitempty"`
}

// Focus is the focal point of a picture, the part to keep when cropping
// it. X runs from -1 (left edge) to 1 (right edge) and Y from -1
// (bottom) to 1 (top); (0, 0) is the centre.
//
// https://docs.joinmastodon.org/api/guidelines/#focal-points
type Focus struct {
	X float64 `json:"x"`
	Y float64 `json:"y"`
}

// MediaColors are the colours of a sound's player, as "#rrggbb" hex
// codes.
type MediaColors struct {
	Background string `json:"background,omitempty"`
	Foreground string `json:"foreground,omitempty"`
	Accent     string `json:"accent,omitempty"`
}
