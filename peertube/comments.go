package peertube

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"strconv"
	"time"
)

// Comment is a comment on a video: the root of a thread, or a reply.
// Fields a server leaves out keep their zero value.
type Comment struct {
	ID int64 `json:"id"`
	// URL is its ActivityPub id, at its origin.
	URL string `json:"url"`
	// Text is the comment, as HTML; "" once deleted.
	Text string `json:"text"`
	// ThreadID is the id of the thread's root comment (its own for a
	// root); InReplyToCommentID is the comment it answers, 0 for a root.
	ThreadID           int64 `json:"threadId"`
	InReplyToCommentID int64 `json:"inReplyToCommentId"`
	// VideoID is the video's id on this server (not in the lists of
	// [CommentsService.List] and [CommentsService.ListOnMyVideos], which
	// give Video instead).
	VideoID int64 `json:"videoId"`

	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
	// DeletedAt is when it was deleted, and IsDeleted whether it was: a
	// deleted comment with replies stays in its thread, without text
	// or account.
	DeletedAt *time.Time `json:"deletedAt"`
	IsDeleted bool       `json:"isDeleted"`
	// HeldForReview says whether it waits for the approval of the
	// video's owner ([CommentsRequiresApproval]); only its author and the
	// owner see it until then.
	HeldForReview bool `json:"heldForReview"`

	// TotalReplies is the number of replies of a thread's root, and
	// TotalRepliesFromVideoAuthor how many of them are by the video's
	// owner.
	TotalReplies                int `json:"totalReplies"`
	TotalRepliesFromVideoAuthor int `json:"totalRepliesFromVideoAuthor"`

	// Account is its author; nil once deleted.
	Account *Account `json:"account"`

	// Video names the video, in the lists of [CommentsService.List] and
	// [CommentsService.ListOnMyVideos].
	Video *CommentVideo `json:"video"`
	// AutomaticTags are the tags the server's rules put on it (PeerTube
	// 6.2 and later), in the same lists.
	AutomaticTags []string `json:"automaticTags"`
}

// CommentVideo names the video of a comment.
type CommentVideo struct {
	ID   int64  `json:"id"`
	UUID string `json:"uuid"`
	Name string `json:"name"`
}

// CommentThread is a comment and the replies to it, each with its own
// replies.
type CommentThread struct {
	Comment  *Comment         `json:"comment"`
	Children []*CommentThread `json:"children"`
}

// ThreadListOptions are the options of [CommentsService.ListThreads]. They
// sort by ListOptions.Sort: "-createdAt" (the default) or
// "-totalReplies".
type ThreadListOptions struct {
	ListOptions
	// VideoAccessOptions give the password of a password-protected
	// video.
	VideoAccessOptions
}

// commentPath returns "api/v1/videos/{id}/comments/{commentId}" plus more
// path segments.
func commentPath(videoID string, commentID int64, more ...string) (string, error) {
	if commentID <= 0 {
		return "", fmt.Errorf("peertube: comment id %d is not valid", commentID)
	}
	return videoPath(videoID, append([]string{"comments", strconv.FormatInt(commentID, 10)}, more...)...)
}

// ListThreads lists the threads of a video: their root comments, with
// their numbers of replies. Read a thread's replies with
// [CommentsService.GetThread]. A video whose comments are disabled has
// none.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video-Comments/paths/~1api~1v1~1videos~1%7Bid%7D~1comment-threads/get
//
// GET /api/v1/videos/{id}/comment-threads
func (s *CommentsService) ListThreads(ctx context.Context, videoID string, opts *ThreadListOptions) ([]*Comment, *Response, error) {
	p, err := videoPath(videoID, "comment-threads")
	if err != nil {
		return nil, nil, err
	}
	var access *VideoAccessOptions
	if opts != nil {
		if p, err = withQuery(p, opts); err != nil {
			return nil, nil, err
		}
		access = &opts.VideoAccessOptions
	}
	pg, resp, err := getVideo[page[*Comment]](ctx, s.client, p, access)
	if err != nil {
		return nil, resp, err
	}
	if pg.Total != nil {
		resp.Total, resp.hasTotal = *pg.Total, true
	}
	return pg.Data, resp, nil
}

// ListThreadsAll is the iterator twin of [CommentsService.ListThreads].
//
// GET /api/v1/videos/{id}/comment-threads
func (s *CommentsService) ListThreadsAll(ctx context.Context, videoID string, opts *ThreadListOptions) iter.Seq2[*Comment, error] {
	return allPages(ctx, opts, func(ctx context.Context, o *ThreadListOptions) ([]*Comment, *Response, error) {
		return s.ListThreads(ctx, videoID, o)
	})
}

// GetThread returns a thread of a video, whole: threadID is the id of
// its root comment.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video-Comments/paths/~1api~1v1~1videos~1%7Bid%7D~1comment-threads~1%7BthreadId%7D/get
//
// GET /api/v1/videos/{id}/comment-threads/{threadId}
func (s *CommentsService) GetThread(ctx context.Context, videoID string, threadID int64, opts *VideoAccessOptions) (*CommentThread, *Response, error) {
	if threadID <= 0 {
		return nil, nil, fmt.Errorf("peertube: thread id %d is not valid", threadID)
	}
	p, err := videoPath(videoID, "comment-threads", strconv.FormatInt(threadID, 10))
	if err != nil {
		return nil, nil, err
	}
	return getVideo[CommentThread](ctx, s.client, p, opts)
}

// postComment sends a comment's text and returns the comment made.
func (s *CommentsService) postComment(ctx context.Context, path, text string, opts *VideoAccessOptions) (*Comment, *Response, error) {
	if text == "" {
		return nil, nil, errors.New("peertube: a comment needs a text")
	}
	req, err := s.client.NewRequest(ctx, http.MethodPost, path, map[string]string{"text": text})
	if err != nil {
		return nil, nil, err
	}
	opts.setPassword(req)
	var v struct {
		Comment *Comment `json:"comment"`
	}
	resp, err := s.client.Do(req, &v)
	if err != nil {
		return nil, resp, err
	}
	if v.Comment == nil {
		return nil, resp, fmt.Errorf("peertube: POST %s: the answer has no comment", resp.Request.URL.Path)
	}
	return v.Comment, resp, nil
}

// Post starts a thread on a video with a comment; text is in Markdown,
// up to 10,000 characters. On a video whose comments need approval the
// comment is held for review. A password-protected video needs its
// password in opts.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video-Comments/paths/~1api~1v1~1videos~1%7Bid%7D~1comment-threads/post
//
// POST /api/v1/videos/{id}/comment-threads
func (s *CommentsService) Post(ctx context.Context, videoID, text string, opts *VideoAccessOptions) (*Comment, *Response, error) {
	p, err := videoPath(videoID, "comment-threads")
	if err != nil {
		return nil, nil, err
	}
	return s.postComment(ctx, p, text, opts)
}

// Reply answers a comment of a video; text is in Markdown, up to 10,000
// characters.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video-Comments/paths/~1api~1v1~1videos~1%7Bid%7D~1comments~1%7BcommentId%7D/post
//
// POST /api/v1/videos/{id}/comments/{commentId}
func (s *CommentsService) Reply(ctx context.Context, videoID string, commentID int64, text string, opts *VideoAccessOptions) (*Comment, *Response, error) {
	p, err := commentPath(videoID, commentID)
	if err != nil {
		return nil, nil, err
	}
	return s.postComment(ctx, p, text, opts)
}

// Delete deletes a comment: its author, the video's owner and
// moderators may. A comment with replies stays in its thread, marked
// deleted. Deleting it again fails with [ErrConflict].
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video-Comments/paths/~1api~1v1~1videos~1%7Bid%7D~1comments~1%7BcommentId%7D/delete
//
// DELETE /api/v1/videos/{id}/comments/{commentId}
func (s *CommentsService) Delete(ctx context.Context, videoID string, commentID int64) (*Response, error) {
	p, err := commentPath(videoID, commentID)
	if err != nil {
		return nil, err
	}
	_, resp, err := send[struct{}](ctx, s.client, http.MethodDelete, p, nil)
	return resp, err
}

// Approve publishes a comment held for review, for the video's owner
// (PeerTube 6.2 and later).
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video-Comments/paths/~1api~1v1~1videos~1%7Bid%7D~1comments~1%7BcommentId%7D~1approve/post
//
// POST /api/v1/videos/{id}/comments/{commentId}/approve
func (s *CommentsService) Approve(ctx context.Context, videoID string, commentID int64) (*Response, error) {
	p, err := commentPath(videoID, commentID, "approve")
	if err != nil {
		return nil, err
	}
	_, resp, err := send[struct{}](ctx, s.client, http.MethodPost, p, nil)
	return resp, err
}

// CommentListOptions are the filters of [CommentsService.List] and
// [CommentsService.ListOnMyVideos]. They sort by ListOptions.Sort, such
// as "-createdAt".
type CommentListOptions struct {
	ListOptions
	// Search keeps the comments whose text, author or video match it;
	// SearchAccount and SearchVideo search the author and the video
	// only.
	Search        string `url:"search,omitempty"`
	SearchAccount string `url:"searchAccount,omitempty"`
	SearchVideo   string `url:"searchVideo,omitempty"`
	// VideoID and VideoChannelID keep the comments of one video, or of
	// the videos of one channel.
	VideoID        int64 `url:"videoId,omitempty"`
	VideoChannelID int64 `url:"videoChannelId,omitempty"`
	// AutoTagOneOf keeps the comments that have one of these automatic
	// tags (PeerTube 6.2 and later).
	AutoTagOneOf []string `url:"autoTagOneOf,omitempty"`

	// IsLocal keeps the comments made on this server (true) or
	// elsewhere (false), and OnLocalVideo those on its videos or on
	// others': for [CommentsService.List] only.
	IsLocal      *bool `url:"isLocal,omitempty"`
	OnLocalVideo *bool `url:"onLocalVideo,omitempty"`
	// IsHeldForReview keeps the comments that wait for approval: for
	// [CommentsService.ListOnMyVideos] only.
	IsHeldForReview *bool `url:"isHeldForReview,omitempty"`
}

// List lists the comments of the server, for its administrators and
// moderators.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video-Comments/paths/~1api~1v1~1videos~1comments/get
//
// GET /api/v1/videos/comments
func (s *CommentsService) List(ctx context.Context, opts *CommentListOptions) ([]*Comment, *Response, error) {
	return list[*Comment](ctx, s.client, "api/v1/videos/comments", opts)
}

// ListAll is the iterator twin of [CommentsService.List].
//
// GET /api/v1/videos/comments
func (s *CommentsService) ListAll(ctx context.Context, opts *CommentListOptions) iter.Seq2[*Comment, error] {
	return allPages(ctx, opts, s.List)
}

// ListOnMyVideos lists the comments on the token user's videos, those
// held for review included (PeerTube 6.2 and later). The API reference
// gives this list no pagination parameters; the server takes the usual
// ones, which opts' ListOptions sends.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Video-Comments/paths/~1api~1v1~1users~1me~1videos~1comments/get
//
// GET /api/v1/users/me/videos/comments
func (s *CommentsService) ListOnMyVideos(ctx context.Context, opts *CommentListOptions) ([]*Comment, *Response, error) {
	return list[*Comment](ctx, s.client, "api/v1/users/me/videos/comments", opts)
}

// ListOnMyVideosAll is the iterator twin of [CommentsService.ListOnMyVideos].
//
// GET /api/v1/users/me/videos/comments
func (s *CommentsService) ListOnMyVideosAll(ctx context.Context, opts *CommentListOptions) iter.Seq2[*Comment, error] {
	return allPages(ctx, opts, s.ListOnMyVideos)
}
