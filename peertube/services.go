package peertube

// The services of a [Client] beside OAuth, Config and Videos, one per
// area of the PeerTube API; their methods are in the file of their area.

// CaptionsService lists, adds, replaces, deletes and generates the captions of videos.
type CaptionsService service

// ChaptersService reads and replaces the chapters of videos.
type ChaptersService service

// PasswordsService manages the passwords of password-protected videos.
type PasswordsService service

// StudioService sends editing tasks to the studio (cut, intro, outro, watermark).
type StudioService service

// StatsService reads the statistics of videos: overall, time series, retention.
type StatsService service

// ImportsService imports videos from a URL or a torrent.
type ImportsService service

// LiveService creates and manages live videos.
type LiveService service

// ChannelsService manages video channels.
type ChannelsService service

// AccountsService reads accounts, their videos, channels and ratings.
type AccountsService service

// MeService reads and changes the token's user: quota, videos, subscriptions, notifications, history.
type MeService service

// PlaylistsService manages playlists and their elements.
type PlaylistsService service

// CommentsService reads, posts, approves and deletes comments.
type CommentsService service

// SearchService searches videos, channels and playlists.
type SearchService service

// ServerService reads the server's follows (read only).
type ServerService service
