package peertube

import (
	"context"
	"time"
)

// ConfigService reads the server's public configuration: its limits,
// what it allows, and its "About" page.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Config
type ConfigService service

// Feature is a part of the server that may be turned on or off.
type Feature struct {
	Enabled bool `json:"enabled"`
}

// FileLimits are the limits of one kind of file: its largest size and
// the extensions accepted.
type FileLimits struct {
	Size struct {
		// Max is the largest size in bytes.
		Max int64 `json:"max"`
	} `json:"size"`
	// Extensions are the accepted extensions, dot included: ".jpg".
	Extensions []string `json:"extensions"`
}

// ActorImage is an avatar or banner of an account, a channel or the
// instance, in one of its sizes.
type ActorImage struct {
	// Path is the image's path on the server.
	Path string `json:"path"`
	// FileURL is its absolute URL, on servers that send it.
	FileURL string `json:"fileUrl"`
	// Width and Height are its size in pixels; Height may be missing.
	Width  int `json:"width"`
	Height int `json:"height"`
	// CreatedAt and UpdatedAt are when it was set and last changed.
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
}

// ServerConfig is the server's public configuration: what an uploader
// and a user interface need to know about it. The server sends more; the
// fields here are the stable ones.
type ServerConfig struct {
	// ServerVersion is PeerTube's version, such as "6.3.0".
	ServerVersion string `json:"serverVersion"`
	// ServerCommit is the commit it was built from, when known.
	ServerCommit string `json:"serverCommit"`

	// Instance describes the instance.
	Instance struct {
		Name              string `json:"name"`
		ShortDescription  string `json:"shortDescription"`
		IsNSFW            bool   `json:"isNSFW"`
		DefaultNSFWPolicy string `json:"defaultNSFWPolicy"`
		// DefaultClientRoute is the path of the web interface's home
		// page.
		DefaultClientRoute string       `json:"defaultClientRoute"`
		Avatars            []ActorImage `json:"avatars"`
		Banners            []ActorImage `json:"banners"`
	} `json:"instance"`

	// Client holds settings of the web interface that apply to API
	// clients too.
	Client struct {
		Videos struct {
			ResumableUpload struct {
				// MaxChunkSize is the largest chunk of a resumable upload
				// the server (or its proxy) accepts, in bytes.
				MaxChunkSize int64 `json:"maxChunkSize"`
			} `json:"resumableUpload"`
		} `json:"videos"`
	} `json:"client"`

	// Signup says whether and how visitors may open an account.
	Signup struct {
		Allowed                   bool `json:"allowed"`
		AllowedForCurrentIP       bool `json:"allowedForCurrentIP"`
		RequiresEmailVerification bool `json:"requiresEmailVerification"`
		RequiresApproval          bool `json:"requiresApproval"`
		MinimumAge                int  `json:"minimumAge"`
	} `json:"signup"`

	// User holds the default quotas of new users, in bytes; -1 means no
	// limit. A user's own quota is in their account.
	User struct {
		VideoQuota      int64 `json:"videoQuota"`
		VideoQuotaDaily int64 `json:"videoQuotaDaily"`
	} `json:"user"`

	// Video holds the limits of uploaded videos and their images.
	Video struct {
		// Image limits thumbnails and previews.
		Image FileLimits `json:"image"`
		// File lists the accepted extensions of video files (PeerTube
		// sets no size limit of its own beside the quota).
		File struct {
			Extensions []string `json:"extensions"`
		} `json:"file"`
	} `json:"video"`
	// VideoCaption limits caption files.
	VideoCaption struct {
		File FileLimits `json:"file"`
	} `json:"videoCaption"`
	// Avatar limits avatars.
	Avatar struct {
		File FileLimits `json:"file"`
	} `json:"avatar"`

	// Transcoding says which formats and resolutions the server makes of
	// uploaded videos.
	Transcoding struct {
		HLS                Feature `json:"hls"`
		WebVideos          Feature `json:"web_videos"`
		EnabledResolutions []int   `json:"enabledResolutions"`
		Profile            string  `json:"profile"`
	} `json:"transcoding"`

	// Live says whether users may stream lives, and their limits.
	Live struct {
		Enabled     bool `json:"enabled"`
		AllowReplay bool `json:"allowReplay"`
		// MaxDuration is the longest live in milliseconds; -1 means no
		// limit.
		MaxDuration      int64   `json:"maxDuration"`
		MaxInstanceLives int     `json:"maxInstanceLives"`
		MaxUserLives     int     `json:"maxUserLives"`
		Transcoding      Feature `json:"transcoding"`
		RTMP             struct {
			Port int `json:"port"`
		} `json:"rtmp"`
	} `json:"live"`

	// Import says which imports of videos from elsewhere are allowed.
	Import struct {
		Videos struct {
			HTTP    Feature `json:"http"`
			Torrent Feature `json:"torrent"`
		} `json:"videos"`
		VideoChannelSynchronization Feature `json:"videoChannelSynchronization"`
	} `json:"import"`

	// VideoStudio is the editing of videos on the server (cuts, intro,
	// watermark).
	VideoStudio Feature `json:"videoStudio"`
	// VideoFile says whether owners may replace the file of a video.
	VideoFile struct {
		Update Feature `json:"update"`
	} `json:"videoFile"`

	// AutoBlacklist says whether the videos of new users wait for a
	// moderator.
	AutoBlacklist struct {
		Videos struct {
			OfUsers Feature `json:"ofUsers"`
		} `json:"videos"`
	} `json:"autoBlacklist"`

	// Search says who may search for remote videos and accounts by URI.
	Search struct {
		RemoteURI struct {
			Users     bool `json:"users"`
			Anonymous bool `json:"anonymous"`
		} `json:"remoteUri"`
	} `json:"search"`

	Email       Feature `json:"email"`
	ContactForm Feature `json:"contactForm"`
	Tracker     Feature `json:"tracker"`
	Homepage    Feature `json:"homepage"`
}

// Get returns the server's public configuration. Signup's
// AllowedForCurrentIP depends on the address the request comes from.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Config/operation/getConfig
//
// GET /api/v1/config
func (s *ConfigService) Get(ctx context.Context) (*ServerConfig, *Response, error) {
	return get[ServerConfig](ctx, s.client, "api/v1/config", nil)
}

// About is the instance's "About" page: who runs it, why, how, and
// under which terms.
type About struct {
	Instance struct {
		Name                  string `json:"name"`
		ShortDescription      string `json:"shortDescription"`
		Description           string `json:"description"`
		Terms                 string `json:"terms"`
		CodeOfConduct         string `json:"codeOfConduct"`
		HardwareInformation   string `json:"hardwareInformation"`
		CreationReason        string `json:"creationReason"`
		ModerationInformation string `json:"moderationInformation"`
		Administrator         string `json:"administrator"`
		MaintenanceLifetime   string `json:"maintenanceLifetime"`
		BusinessModel         string `json:"businessModel"`
		// Languages are the languages spoken on the instance (codes
		// such as "en").
		Languages []string `json:"languages"`
		// Categories are the ids of the video categories the instance is
		// about.
		Categories []int        `json:"categories"`
		Avatars    []ActorImage `json:"avatars"`
		Banners    []ActorImage `json:"banners"`
	} `json:"instance"`
}

// About returns the instance's "About" page.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Config/operation/getAbout
//
// GET /api/v1/config/about
func (s *ConfigService) About(ctx context.Context) (*About, *Response, error) {
	return get[About](ctx, s.client, "api/v1/config/about", nil)
}
