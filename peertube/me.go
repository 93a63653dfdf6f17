package peertube

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"strconv"
	"time"
)

// UserRole is what a user may do on the server.
type UserRole int

// The roles of a user.
const (
	RoleAdministrator UserRole = 0
	RoleModerator     UserRole = 1
	RoleUser          UserRole = 2
)

// NSFWPolicy is how a user's lists and pages show sensitive videos.
type NSFWPolicy string

// The NSFW policies.
const (
	// NSFWDisplay shows them as any other video.
	NSFWDisplay NSFWPolicy = "display"
	// NSFWBlur shows them with a blurred thumbnail.
	NSFWBlur NSFWPolicy = "blur"
	// NSFWDoNotList leaves them out of lists.
	NSFWDoNotList NSFWPolicy = "do_not_list"
)

// User is the token's user, as [MeService.Get] reads it: the account,
// the preferences, the quota and the channels.
type User struct {
	ID       int64  `json:"id"`
	Username string `json:"username"`
	// Email is the address the user logs in with and gets mail at;
	// PendingEmail, a new address waiting for its verification.
	Email         string  `json:"email"`
	PendingEmail  *string `json:"pendingEmail"`
	EmailVerified bool    `json:"emailVerified"`
	// EmailPublic shows the address on the user's channels.
	EmailPublic bool `json:"emailPublic"`

	Role Constant[UserRole] `json:"role"`
	// Blocked says whether moderators blocked the user, and why.
	Blocked       bool   `json:"blocked"`
	BlockedReason string `json:"blockedReason"`

	NSFWPolicy                NSFWPolicy `json:"nsfwPolicy"`
	P2PEnabled                bool       `json:"p2pEnabled"`
	AutoPlayVideo             bool       `json:"autoPlayVideo"`
	AutoPlayNextVideo         bool       `json:"autoPlayNextVideo"`
	AutoPlayNextVideoPlaylist bool       `json:"autoPlayNextVideoPlaylist"`
	VideosHistoryEnabled      bool       `json:"videosHistoryEnabled"`
	// VideoLanguages keeps the lists to videos in these languages; empty
	// means all.
	VideoLanguages []string `json:"videoLanguages"`
	// Theme is the web interface's theme, "instance-default" for the
	// server's.
	Theme                        string `json:"theme"`
	NoInstanceConfigWarningModal bool   `json:"noInstanceConfigWarningModal"`
	NoAccountSetupWarningModal   bool   `json:"noAccountSetupWarningModal"`
	NoWelcomeModal               bool   `json:"noWelcomeModal"`

	// VideoQuota and VideoQuotaDaily are the bytes of video the user may
	// upload in all and per day; -1 means no limit. VideoQuotaUsed and
	// VideoQuotaUsedDaily are what is used of them.
	VideoQuota          int64 `json:"videoQuota"`
	VideoQuotaDaily     int64 `json:"videoQuotaDaily"`
	VideoQuotaUsed      int64 `json:"videoQuotaUsed"`
	VideoQuotaUsedDaily int64 `json:"videoQuotaUsedDaily"`

	// Account is the user's account; VideoChannels its channels (without
	// their OwnerAccount).
	Account       Account    `json:"account"`
	VideoChannels []*Channel `json:"videoChannels"`
	// SpecialPlaylists are the user's built-in playlists, such as
	// "Watch later".
	SpecialPlaylists []SpecialPlaylist `json:"specialPlaylists"`
	// NotificationSettings say how the user is told of each event.
	NotificationSettings *NotificationSettings `json:"notificationSettings"`

	// PluginAuth names the plugin the user logs in through, if any.
	PluginAuth       *string    `json:"pluginAuth"`
	TwoFactorEnabled bool       `json:"twoFactorEnabled"`
	CreatedAt        time.Time  `json:"createdAt"`
	LastLoginDate    *time.Time `json:"lastLoginDate"`
}

// SpecialPlaylist is a playlist every user has, such as "Watch later".
type SpecialPlaylist struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	// Type is 2 for "Watch later".
	Type int `json:"type"`
}

// Get returns the token's user.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/My-User/operation/getUserInfo
//
// GET /api/v1/users/me
func (s *MeService) Get(ctx context.Context) (*User, *Response, error) {
	// The API reference says an array; PeerTube answers the object.
	return get[User](ctx, s.client, "api/v1/users/me", nil)
}

// MeUpdate is a change of the token's user: only the fields that are
// set are changed. A pointer to "" clears Description; an empty but
// non-nil VideoLanguages means all languages.
type MeUpdate struct {
	// DisplayName is the account's name as shown: 1 to 120 characters.
	DisplayName *string
	// Description is the account's bio: 3 to 1000 characters.
	Description *string
	// Email changes the address; Password the password. Both need
	// CurrentPassword. With email verification on, the new address is
	// pending until the user follows the link sent to it.
	Email           *string
	Password        string
	CurrentPassword string
	// EmailPublic shows the address on the user's channels.
	EmailPublic *bool

	NSFWPolicy                *NSFWPolicy
	P2PEnabled                *bool
	AutoPlayVideo             *bool
	AutoPlayNextVideo         *bool
	AutoPlayNextVideoPlaylist *bool
	VideosHistoryEnabled      *bool
	// VideoLanguages keeps the lists to videos in these languages.
	VideoLanguages []string
	// Theme is a theme's name, or "instance-default".
	Theme                        *string
	NoInstanceConfigWarningModal *bool
	NoAccountSetupWarningModal   *bool
	NoWelcomeModal               *bool
}

// body is the update as the JSON body PeerTube reads: a cleared field
// is null.
func (u *MeUpdate) body() map[string]any {
	b := make(map[string]any)
	str := func(name string, v *string) {
		if v != nil {
			b[name] = *v
		}
	}
	boolean := func(name string, v *bool) {
		if v != nil {
			b[name] = *v
		}
	}
	str("displayName", u.DisplayName)
	if u.Description != nil {
		if *u.Description == "" {
			b["description"] = nil
		} else {
			b["description"] = *u.Description
		}
	}
	str("email", u.Email)
	if u.Password != "" {
		b["password"] = u.Password
	}
	if u.CurrentPassword != "" {
		b["currentPassword"] = u.CurrentPassword
	}
	boolean("emailPublic", u.EmailPublic)
	if u.NSFWPolicy != nil {
		b["nsfwPolicy"] = *u.NSFWPolicy
	}
	boolean("p2pEnabled", u.P2PEnabled)
	boolean("autoPlayVideo", u.AutoPlayVideo)
	boolean("autoPlayNextVideo", u.AutoPlayNextVideo)
	boolean("autoPlayNextVideoPlaylist", u.AutoPlayNextVideoPlaylist)
	boolean("videosHistoryEnabled", u.VideosHistoryEnabled)
	if u.VideoLanguages != nil {
		if len(u.VideoLanguages) == 0 {
			b["videoLanguages"] = nil
		} else {
			b["videoLanguages"] = u.VideoLanguages
		}
	}
	str("theme", u.Theme)
	boolean("noInstanceConfigWarningModal", u.NoInstanceConfigWarningModal)
	boolean("noAccountSetupWarningModal", u.NoAccountSetupWarningModal)
	boolean("noWelcomeModal", u.NoWelcomeModal)
	return b
}

// Update changes the token's user: only what upd sets.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/My-User/operation/putUserInfo
//
// PUT /api/v1/users/me
func (s *MeService) Update(ctx context.Context, upd *MeUpdate) (*Response, error) {
	if upd == nil {
		upd = &MeUpdate{}
	}
	_, resp, err := send[struct{}](ctx, s.client, http.MethodPut, "api/v1/users/me", upd.body())
	return resp, err
}

// QuotaUsed is how much of their video quota a user has used.
type QuotaUsed struct {
	// Used is the size of the user's videos in bytes; UsedDaily, of
	// those uploaded in the last 24 hours.
	Used      int64 `json:"videoQuotaUsed"`
	UsedDaily int64 `json:"videoQuotaUsedDaily"`
}

// Quota returns how much of their video quota the token's user has used;
// [User] has the quota itself.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/My-User/paths/~1api~1v1~1users~1me~1video-quota-used/get
//
// GET /api/v1/users/me/video-quota-used
func (s *MeService) Quota(ctx context.Context) (*QuotaUsed, *Response, error) {
	return get[QuotaUsed](ctx, s.client, "api/v1/users/me/video-quota-used", nil)
}

// MyVideosOptions are the options of [MeService.Videos]. The list sorts
// by ListOptions.Sort, as [VideoListOptions] says. Search, IsLive and
// ChannelID are read by PeerTube 6 though its API reference leaves them
// out.
type MyVideosOptions struct {
	ListOptions
	// Search keeps the videos whose name contains it.
	Search string `url:"search,omitempty"`
	// IsLive keeps the lives (true) or the other videos (false).
	IsLive *bool `url:"isLive,omitempty"`
	// ChannelID keeps the videos of one of the user's channels.
	ChannelID int64 `url:"channelId,omitempty"`
}

// Videos lists the videos of the token's user, whatever their privacy
// and state.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/My-User/paths/~1api~1v1~1users~1me~1videos/get
//
// GET /api/v1/users/me/videos
func (s *MeService) Videos(ctx context.Context, opts *MyVideosOptions) ([]*Video, *Response, error) {
	return list[*Video](ctx, s.client, "api/v1/users/me/videos", opts)
}

// VideosAll is the iterator twin of [MeService.Videos].
//
// GET /api/v1/users/me/videos
func (s *MeService) VideosAll(ctx context.Context, opts *MyVideosOptions) iter.Seq2[*Video, error] {
	return allPages(ctx, opts, s.Videos)
}

// VideoRating returns the token's user's rating of a video: [RatingLike],
// [RatingDislike] or [RatingNone]. videoID is the video's id, UUID or
// short UUID.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/My-User/paths/~1api~1v1~1users~1me~1videos~1%7BvideoId%7D~1rating/get
//
// GET /api/v1/users/me/videos/{videoId}/rating
func (s *MeService) VideoRating(ctx context.Context, videoID string) (Rating, *Response, error) {
	seg, err := segment("video id", videoID)
	if err != nil {
		return "", nil, err
	}
	answer, resp, err := get[struct {
		Rating Rating `json:"rating"`
	}](ctx, s.client, "api/v1/users/me/videos/"+seg+"/rating", nil)
	if err != nil {
		return "", resp, err
	}
	return answer.Rating, resp, nil
}

// subscriptionPath returns "api/v1/users/me/subscriptions/{handle}".
func subscriptionPath(handle string) (string, error) {
	seg, err := segment("subscription handle", handle)
	if err != nil {
		return "", err
	}
	return "api/v1/users/me/subscriptions/" + seg, nil
}

// SubscriptionsOptions are the options of [MeService.Subscriptions]. The
// list sorts by ListOptions.Sort, such as "-createdAt".
type SubscriptionsOptions struct {
	ListOptions
	// Search keeps the channels whose name contains it.
	Search string `url:"search,omitempty"`
}

// Subscriptions lists the channels the token's user follows.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/My-Subscriptions/paths/~1api~1v1~1users~1me~1subscriptions/get
//
// GET /api/v1/users/me/subscriptions
func (s *MeService) Subscriptions(ctx context.Context, opts *SubscriptionsOptions) ([]*Channel, *Response, error) {
	return list[*Channel](ctx, s.client, "api/v1/users/me/subscriptions", opts)
}

// SubscriptionsAll is the iterator twin of [MeService.Subscriptions].
//
// GET /api/v1/users/me/subscriptions
func (s *MeService) SubscriptionsAll(ctx context.Context, opts *SubscriptionsOptions) iter.Seq2[*Channel, error] {
	return allPages(ctx, opts, s.Subscriptions)
}

// Subscribe makes the token's user follow a channel, by its handle
// (name@host, or name for a channel of this server). The server follows
// it in the background: the subscription appears once the channel's
// server accepts.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/My-Subscriptions/paths/~1api~1v1~1users~1me~1subscriptions/post
//
// POST /api/v1/users/me/subscriptions
func (s *MeService) Subscribe(ctx context.Context, handle string) (*Response, error) {
	if handle == "" {
		return nil, fmt.Errorf("peertube: no channel to subscribe to")
	}
	_, resp, err := send[struct{}](ctx, s.client, http.MethodPost, "api/v1/users/me/subscriptions", map[string]string{"uri": handle})
	return resp, err
}

// SubscriptionsExist says, for each handle (name@host), whether the
// token's user follows that channel. The answer's keys are the handles
// as the server read them.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/My-Subscriptions/paths/~1api~1v1~1users~1me~1subscriptions~1exist/get
//
// GET /api/v1/users/me/subscriptions/exist
func (s *MeService) SubscriptionsExist(ctx context.Context, handles []string) (map[string]bool, *Response, error) {
	if len(handles) == 0 {
		return nil, nil, fmt.Errorf("peertube: no subscriptions to look up")
	}
	q := struct {
		URIs []string `url:"uris"`
	}{handles}
	m, resp, err := get[map[string]bool](ctx, s.client, "api/v1/users/me/subscriptions/exist", &q)
	if err != nil {
		return nil, resp, err
	}
	return *m, resp, nil
}

// SubscriptionVideos lists the videos of the channels the token's user
// follows that opts selects, newest first by default.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/My-Subscriptions/paths/~1api~1v1~1users~1me~1subscriptions~1videos/get
//
// GET /api/v1/users/me/subscriptions/videos
func (s *MeService) SubscriptionVideos(ctx context.Context, opts *VideoListOptions) ([]*Video, *Response, error) {
	return list[*Video](ctx, s.client, "api/v1/users/me/subscriptions/videos", opts)
}

// SubscriptionVideosAll is the iterator twin of
// [MeService.SubscriptionVideos].
//
// GET /api/v1/users/me/subscriptions/videos
func (s *MeService) SubscriptionVideosAll(ctx context.Context, opts *VideoListOptions) iter.Seq2[*Video, error] {
	return allPages(ctx, opts, s.SubscriptionVideos)
}

// Subscription returns a channel the token's user follows, by its
// handle; 404 Not Found when the user does not follow it.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/My-Subscriptions/paths/~1api~1v1~1users~1me~1subscriptions~1%7BsubscriptionHandle%7D/get
//
// GET /api/v1/users/me/subscriptions/{subscriptionHandle}
func (s *MeService) Subscription(ctx context.Context, handle string) (*Channel, *Response, error) {
	p, err := subscriptionPath(handle)
	if err != nil {
		return nil, nil, err
	}
	return get[Channel](ctx, s.client, p, nil)
}

// Unsubscribe makes the token's user stop following a channel, by its
// handle.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/My-Subscriptions/paths/~1api~1v1~1users~1me~1subscriptions~1%7BsubscriptionHandle%7D/delete
//
// DELETE /api/v1/users/me/subscriptions/{subscriptionHandle}
func (s *MeService) Unsubscribe(ctx context.Context, handle string) (*Response, error) {
	p, err := subscriptionPath(handle)
	if err != nil {
		return nil, err
	}
	_, resp, err := send[struct{}](ctx, s.client, http.MethodDelete, p, nil)
	return resp, err
}

// NotificationType is the event a notification tells of.
type NotificationType int

// The types of notification.
const (
	NotifyNewVideoFromSubscription        NotificationType = 1
	NotifyNewCommentOnMyVideo             NotificationType = 2
	NotifyNewAbuseForModerators           NotificationType = 3
	NotifyBlacklistOnMyVideo              NotificationType = 4
	NotifyUnblacklistOnMyVideo            NotificationType = 5
	NotifyMyVideoPublished                NotificationType = 6
	NotifyMyVideoImportSuccess            NotificationType = 7
	NotifyMyVideoImportError              NotificationType = 8
	NotifyNewUserRegistration             NotificationType = 9
	NotifyNewFollow                       NotificationType = 10
	NotifyCommentMention                  NotificationType = 11
	NotifyVideoAutoBlacklistForModerators NotificationType = 12
	NotifyNewInstanceFollower             NotificationType = 13
	NotifyAutoInstanceFollowing           NotificationType = 14
	NotifyAbuseStateChange                NotificationType = 15
	NotifyAbuseNewMessage                 NotificationType = 16
	NotifyNewPluginVersion                NotificationType = 17
	NotifyNewPeerTubeVersion              NotificationType = 18
	NotifyMyVideoStudioEditionFinished    NotificationType = 19
	NotifyNewUserRegistrationRequest      NotificationType = 20
	NotifyNewLiveFromSubscription         NotificationType = 21
	NotifyMyVideoTranscriptionGenerated   NotificationType = 22
)

// NotificationVideo is a video as a notification names it.
type NotificationVideo struct {
	ID        int64  `json:"id"`
	UUID      string `json:"uuid"`
	ShortUUID string `json:"shortUUID"`
	Name      string `json:"name"`
}

// NotificationActor is an account or a channel as a notification names
// it.
type NotificationActor struct {
	ID          int64        `json:"id"`
	Name        string       `json:"name"`
	DisplayName string       `json:"displayName"`
	Host        string       `json:"host"`
	Avatars     []ActorImage `json:"avatars"`
}

// Notification is an event the token's user is told of. Type says which;
// the fields that concern it are set, the others nil.
type Notification struct {
	ID   int64            `json:"id"`
	Type NotificationType `json:"type"`
	Read bool             `json:"read"`

	// Video is the video that was published, or whose state changed,
	// with its channel.
	Video *struct {
		NotificationVideo
		Channel NotificationActor `json:"channel"`
	} `json:"video"`
	// VideoImport is an import that ended.
	VideoImport *struct {
		ID          int64              `json:"id"`
		Video       *NotificationVideo `json:"video"`
		TorrentName string             `json:"torrentName"`
		MagnetURI   string             `json:"magnetUri"`
		TargetURL   string             `json:"targetUrl"`
	} `json:"videoImport"`
	// Comment is a new comment, or one that mentions the user.
	Comment *struct {
		ID            int64             `json:"id"`
		ThreadID      int64             `json:"threadId"`
		Account       NotificationActor `json:"account"`
		Video         NotificationVideo `json:"video"`
		HeldForReview bool              `json:"heldForReview"`
	} `json:"comment"`
	// Abuse is a report that was made, or that changed.
	Abuse *struct {
		ID    int64              `json:"id"`
		State AbuseState         `json:"state"`
		Video *NotificationVideo `json:"video"`
		// Comment is the reported comment.
		Comment *struct {
			ThreadID int64             `json:"threadId"`
			Video    NotificationVideo `json:"video"`
		} `json:"comment"`
		// Account is the reported account.
		Account *NotificationActor `json:"account"`
	} `json:"abuse"`
	// VideoBlacklist is the hiding of a video by the moderators.
	VideoBlacklist *struct {
		ID    int64             `json:"id"`
		Video NotificationVideo `json:"video"`
	} `json:"videoBlacklist"`
	// Account is a new user's account.
	Account *NotificationActor `json:"account"`
	// ActorFollow is a new follow.
	ActorFollow *struct {
		ID       int64             `json:"id"`
		Follower NotificationActor `json:"follower"`
		// State is "pending", "accepted" or "rejected".
		State     string `json:"state"`
		Following struct {
			// Type is "account", "channel" or "instance".
			Type        string `json:"type"`
			Name        string `json:"name"`
			DisplayName string `json:"displayName"`
			Host        string `json:"host"`
		} `json:"following"`
	} `json:"actorFollow"`
	// Plugin is a plugin with a new version.
	Plugin *struct {
		Name string `json:"name"`
		// Type is 1 for a plugin, 2 for a theme.
		Type          int    `json:"type"`
		LatestVersion string `json:"latestVersion"`
	} `json:"plugin"`
	// PeerTube is a new version of PeerTube.
	PeerTube *struct {
		LatestVersion string `json:"latestVersion"`
	} `json:"peertube"`
	// Registration is a request to register.
	Registration *struct {
		ID       int64  `json:"id"`
		Username string `json:"username"`
	} `json:"registration"`
	// VideoCaption is a caption that was generated.
	VideoCaption *struct {
		ID       int64             `json:"id"`
		Language Constant[string]  `json:"language"`
		Video    NotificationVideo `json:"video"`
	} `json:"videoCaption"`

	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
}

// NotificationsOptions are the options of [MeService.Notifications]. The
// list sorts by ListOptions.Sort: "-createdAt" (the default),
// "createdAt" or "read".
type NotificationsOptions struct {
	ListOptions
	// Unread keeps the notifications not read yet.
	Unread bool `url:"unread,omitempty"`
}

// Notifications lists the notifications of the token's user.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/My-Notifications/paths/~1api~1v1~1users~1me~1notifications/get
//
// GET /api/v1/users/me/notifications
func (s *MeService) Notifications(ctx context.Context, opts *NotificationsOptions) ([]*Notification, *Response, error) {
	return list[*Notification](ctx, s.client, "api/v1/users/me/notifications", opts)
}

// NotificationsAll is the iterator twin of [MeService.Notifications].
//
// GET /api/v1/users/me/notifications
func (s *MeService) NotificationsAll(ctx context.Context, opts *NotificationsOptions) iter.Seq2[*Notification, error] {
	return allPages(ctx, opts, s.Notifications)
}

// MarkNotificationsRead marks notifications of the token's user as read,
// by their ids.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/My-Notifications/paths/~1api~1v1~1users~1me~1notifications~1read/post
//
// POST /api/v1/users/me/notifications/read
func (s *MeService) MarkNotificationsRead(ctx context.Context, ids []int64) (*Response, error) {
	if len(ids) == 0 {
		return nil, fmt.Errorf("peertube: no notifications to mark as read")
	}
	_, resp, err := send[struct{}](ctx, s.client, http.MethodPost, "api/v1/users/me/notifications/read", map[string][]int64{"ids": ids})
	return resp, err
}

// MarkAllNotificationsRead marks all the notifications of the token's
// user as read.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/My-Notifications/paths/~1api~1v1~1users~1me~1notifications~1read-all/post
//
// POST /api/v1/users/me/notifications/read-all
func (s *MeService) MarkAllNotificationsRead(ctx context.Context) (*Response, error) {
	_, resp, err := send[struct{}](ctx, s.client, http.MethodPost, "api/v1/users/me/notifications/read-all", nil)
	return resp, err
}

// NotificationSetting says how a user is told of an event: a
// combination of NotifyWeb and NotifyEmail, or NotifyNone.
type NotificationSetting int

// The ways of telling a user.
const (
	// NotifyNone: not at all.
	NotifyNone NotificationSetting = 0
	// NotifyWeb: by a notification in the web interface (and the API).
	NotifyWeb NotificationSetting = 1
	// NotifyEmail: by mail.
	NotifyEmail NotificationSetting = 2
)

// NotificationSettings say how a user is told of each kind of event.
// The "AsModerator" ones, NewUserRegistration, NewInstanceFollower,
// AutoInstanceFollowing, NewPeerTubeVersion and NewPluginVersion concern
// moderators and administrators.
type NotificationSettings struct {
	NewVideoFromSubscription      NotificationSetting `json:"newVideoFromSubscription"`
	NewCommentOnMyVideo           NotificationSetting `json:"newCommentOnMyVideo"`
	AbuseAsModerator              NotificationSetting `json:"abuseAsModerator"`
	VideoAutoBlacklistAsModerator NotificationSetting `json:"videoAutoBlacklistAsModerator"`
	BlacklistOnMyVideo            NotificationSetting `json:"blacklistOnMyVideo"`
	MyVideoPublished              NotificationSetting `json:"myVideoPublished"`
	MyVideoImportFinished         NotificationSetting `json:"myVideoImportFinished"`
	NewFollow                     NotificationSetting `json:"newFollow"`
	NewUserRegistration           NotificationSetting `json:"newUserRegistration"`
	CommentMention                NotificationSetting `json:"commentMention"`
	NewInstanceFollower           NotificationSetting `json:"newInstanceFollower"`
	AutoInstanceFollowing         NotificationSetting `json:"autoInstanceFollowing"`
	AbuseStateChange              NotificationSetting `json:"abuseStateChange"`
	AbuseNewMessage               NotificationSetting `json:"abuseNewMessage"`
	NewPeerTubeVersion            NotificationSetting `json:"newPeerTubeVersion"`
	NewPluginVersion              NotificationSetting `json:"newPluginVersion"`
	MyVideoStudioEditionFinished  NotificationSetting `json:"myVideoStudioEditionFinished"`
	MyVideoTranscriptionGenerated NotificationSetting `json:"myVideoTranscriptionGenerated"`
}

// UpdateNotificationSettings replaces the notification settings of the
// token's user with settings: all of them are sent. To change a few,
// start from [User].NotificationSettings of [MeService.Get].
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/My-Notifications/paths/~1api~1v1~1users~1me~1notification-settings/put
//
// PUT /api/v1/users/me/notification-settings
func (s *MeService) UpdateNotificationSettings(ctx context.Context, settings *NotificationSettings) (*Response, error) {
	if settings == nil {
		return nil, fmt.Errorf("peertube: no notification settings")
	}
	_, resp, err := send[struct{}](ctx, s.client, http.MethodPut, "api/v1/users/me/notification-settings", settings)
	return resp, err
}

// HistoryOptions are the options of [MeService.History]; it is sorted by
// the time of watching, the latest first, and ListOptions.Sort is not
// used.
type HistoryOptions struct {
	ListOptions
	// Search keeps the videos whose name contains it.
	Search string `url:"search,omitempty"`
}

// History lists the videos the token's user watched, the latest first;
// each has UserHistory with where the user stopped.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/My-History/paths/~1api~1v1~1users~1me~1history~1videos/get
//
// GET /api/v1/users/me/history/videos
func (s *MeService) History(ctx context.Context, opts *HistoryOptions) ([]*Video, *Response, error) {
	return list[*Video](ctx, s.client, "api/v1/users/me/history/videos", opts)
}

// HistoryAll is the iterator twin of [MeService.History].
//
// GET /api/v1/users/me/history/videos
func (s *MeService) HistoryAll(ctx context.Context, opts *HistoryOptions) iter.Seq2[*Video, error] {
	return allPages(ctx, opts, s.History)
}

// DeleteHistoryVideo removes a video from the token's user's history.
// videoID is the video's numeric id.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/My-History/paths/~1api~1v1~1users~1me~1history~1videos~1%7BvideoId%7D/delete
//
// DELETE /api/v1/users/me/history/videos/{videoId}
func (s *MeService) DeleteHistoryVideo(ctx context.Context, videoID int64) (*Response, error) {
	if videoID <= 0 {
		return nil, fmt.Errorf("peertube: video id %d is not valid", videoID)
	}
	_, resp, err := send[struct{}](ctx, s.client, http.MethodDelete, "api/v1/users/me/history/videos/"+strconv.FormatInt(videoID, 10), nil)
	return resp, err
}

// ClearHistoryOptions are the options of [MeService.ClearHistory].
type ClearHistoryOptions struct {
	// Before removes only what was watched before this time. Zero
	// removes the whole history.
	Before time.Time
}

// ClearHistory removes the token's user's history: all of it, or what
// was watched before opts.Before.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/My-History/paths/~1api~1v1~1users~1me~1history~1videos~1remove/post
//
// POST /api/v1/users/me/history/videos/remove
func (s *MeService) ClearHistory(ctx context.Context, opts *ClearHistoryOptions) (*Response, error) {
	// The API reference has a multipart form, but PeerTube reads no
	// multipart body on this route: beforeDate would be lost and the
	// whole history removed. It reads JSON.
	body := map[string]string{}
	if opts != nil && !opts.Before.IsZero() {
		body["beforeDate"] = opts.Before.UTC().Format(time.RFC3339Nano)
	}
	_, resp, err := send[struct{}](ctx, s.client, http.MethodPost, "api/v1/users/me/history/videos/remove", body)
	return resp, err
}

// UploadAvatar replaces the token's user's avatar with img: PNG or JPEG
// (recent servers take GIF and WebP too), within the server's size
// limit (413 otherwise). It returns the sizes the server made of it.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/My-User/paths/~1api~1v1~1users~1me~1avatar~1pick/post
//
// POST /api/v1/users/me/avatar/pick
func (s *MeService) UploadAvatar(ctx context.Context, img *ImageFile) ([]ActorImage, *Response, error) {
	return pickActorImage(ctx, s.client, "api/v1/users/me/avatar/pick", "avatarfile", "avatars", img)
}

// DeleteAvatar removes the token's user's avatar.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/My-User/paths/~1api~1v1~1users~1me~1avatar/delete
//
// DELETE /api/v1/users/me/avatar
func (s *MeService) DeleteAvatar(ctx context.Context) (*Response, error) {
	_, resp, err := send[struct{}](ctx, s.client, http.MethodDelete, "api/v1/users/me/avatar", nil)
	return resp, err
}

// AbuseState is where a report is in its handling.
type AbuseState int

// The states of a report.
const (
	AbusePending  AbuseState = 1
	AbuseRejected AbuseState = 2
	AbuseAccepted AbuseState = 3
)

// Abuse is a report of a video, a comment or an account to the
// moderators, as its reporter sees it.
type Abuse struct {
	ID int64 `json:"id"`
	// Reason is the reporter's text; PredefinedReasons the reasons they
	// picked, such as "spamOrMisleading".
	Reason            string               `json:"reason"`
	PredefinedReasons []string             `json:"predefinedReasons"`
	State             Constant[AbuseState] `json:"state"`
	// ModerationComment is the moderators' note; reporters do not get
	// it.
	ModerationComment string `json:"moderationComment"`
	// FlaggedAccount is the account reported, or that of the reported
	// video or comment.
	FlaggedAccount *Account `json:"flaggedAccount"`
	// Video is the reported video, if a video was reported.
	Video *AbuseVideo `json:"video"`
	// Comment is the reported comment, if a comment was reported.
	Comment *AbuseComment `json:"comment"`
	// CountMessages is the number of messages exchanged about it.
	CountMessages int       `json:"countMessages"`
	CreatedAt     time.Time `json:"createdAt"`
	UpdatedAt     time.Time `json:"updatedAt"`
}

// AbuseVideo is a reported video.
type AbuseVideo struct {
	ID        int64  `json:"id"`
	UUID      string `json:"uuid"`
	ShortUUID string `json:"shortUUID"`
	Name      string `json:"name"`
	NSFW      bool   `json:"nsfw"`
	// Deleted says whether it was deleted since; Blacklisted whether
	// moderators hid it.
	Deleted     bool `json:"deleted"`
	Blacklisted bool `json:"blacklisted"`
	// StartAt and EndAt bound the reported part, in seconds.
	StartAt       *int     `json:"startAt"`
	EndAt         *int     `json:"endAt"`
	ThumbnailPath string   `json:"thumbnailPath"`
	Channel       *Channel `json:"channel"`
}

// AbuseComment is a reported comment.
type AbuseComment struct {
	ID       int64 `json:"id"`
	ThreadID int64 `json:"threadId"`
	Video    struct {
		ID   int64  `json:"id"`
		UUID string `json:"uuid"`
		Name string `json:"name"`
	} `json:"video"`
	Text    string `json:"text"`
	Deleted bool   `json:"deleted"`
}

// AbusesOptions are the options of [MeService.Abuses]. The list sorts by
// ListOptions.Sort: "-id", "-createdAt" or "-state".
type AbusesOptions struct {
	ListOptions
	// ID keeps the report of this id.
	ID int64 `url:"id,omitempty"`
	// State keeps the reports in this state.
	State AbuseState `url:"state,omitempty"`
}

// Abuses lists the reports the token's user made.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Abuses/operation/getMyAbuses
//
// GET /api/v1/users/me/abuses
func (s *MeService) Abuses(ctx context.Context, opts *AbusesOptions) ([]*Abuse, *Response, error) {
	return list[*Abuse](ctx, s.client, "api/v1/users/me/abuses", opts)
}

// AbusesAll is the iterator twin of [MeService.Abuses].
//
// GET /api/v1/users/me/abuses
func (s *MeService) AbusesAll(ctx context.Context, opts *AbusesOptions) iter.Seq2[*Abuse, error] {
	return allPages(ctx, opts, s.Abuses)
}
