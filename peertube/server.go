package peertube

import (
	"context"
	"iter"
)

// FollowState is where a follow is: the value of [Follow].State.
type FollowState string

// The states of a follow.
const (
	// FollowPending: the followed actor has not accepted it yet.
	FollowPending FollowState = "pending"
	// FollowAccepted: the followed actor accepted it.
	FollowAccepted FollowState = "accepted"
	// FollowRejected: the followed actor refused it (PeerTube's model
	// has this state; the API reference's filter lists the other two).
	FollowRejected FollowState = "rejected"
)

// ServerFollowsOptions are the filters of [ServerService.Followers] and
// [ServerService.Following]. They sort by ListOptions.Sort, such as
// "-createdAt".
type ServerFollowsOptions struct {
	ListOptions
	// State keeps the follows in this state.
	State FollowState `url:"state,omitempty"`
	// ActorType keeps the follows whose other side is of this
	// ActivityPub type: "Person", "Application" (a server), "Group" (a
	// channel), "Service" or "Organization".
	ActorType string `url:"actorType,omitempty"`
}

// Followers lists the actors that follow this server: other servers
// (and accounts or channels) that receive its videos.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Instance-Follows/paths/~1api~1v1~1server~1followers/get
//
// GET /api/v1/server/followers
func (s *ServerService) Followers(ctx context.Context, opts *ServerFollowsOptions) ([]*Follow, *Response, error) {
	return list[*Follow](ctx, s.client, "api/v1/server/followers", opts)
}

// FollowersAll is the iterator twin of [ServerService.Followers].
//
// GET /api/v1/server/followers
func (s *ServerService) FollowersAll(ctx context.Context, opts *ServerFollowsOptions) iter.Seq2[*Follow, error] {
	return allPages(ctx, opts, s.Followers)
}

// Following lists the actors this server follows: the servers, channels
// and accounts whose videos it receives.
//
// PeerTube API docs: https://docs.joinpeertube.org/api-rest-reference.html#tag/Instance-Follows/paths/~1api~1v1~1server~1following/get
//
// GET /api/v1/server/following
func (s *ServerService) Following(ctx context.Context, opts *ServerFollowsOptions) ([]*Follow, *Response, error) {
	return list[*Follow](ctx, s.client, "api/v1/server/following", opts)
}

// FollowingAll is the iterator twin of [ServerService.Following].
//
// GET /api/v1/server/following
func (s *ServerService) FollowingAll(ctx context.Context, opts *ServerFollowsOptions) iter.Seq2[*Follow, error] {
	return allPages(ctx, opts, s.Following)
}
