// Package mastodon is a client for the Mastodon REST API (version 4.5)
// and for servers that speak it: GoToSocial, Pleroma, Akkoma and
// Mastodon's forks.
//
// A [Client] talks to one server. Its services group the API by area, in
// the order of the Mastodon documentation (https://docs.joinmastodon.org/methods/):
// client.Accounts, client.Statuses, client.Media, client.Timelines,
// client.Notifications, client.Instance and the others. Every method takes
// a context first and returns the entity, a [Response] and an error:
//
//	client, err := mastodon.NewClient("https://social.example", &mastodon.Options{
//		AccessToken: token,
//		UserAgent:   "announcer/1.0",
//	})
//	status, resp, err := client.Statuses.Get(ctx, "109372843234")
//
// # Authentication
//
// Requests carry an OAuth bearer token: [Options].AccessToken for a
// token you already have, or [Options].TokenSource for any
// golang.org/x/oauth2 token source. To get one, register an application
// with [AppsService.Create] and run the authorization-code flow with
// PKCE through [OAuthService.Config] and [OAuthService.Exchange];
// [RedirectOOB] shows the code to the user instead of redirecting, for
// command-line tools. [OAuthService.ClientCredentials] gives the
// application's own token. The password grant, removed in Mastodon 4.4,
// is used only where the server's metadata still offers it.
//
// Tokens, client secrets and Authorization headers never appear in
// errors, logs or the String of an entity; a redirect to another host
// does not receive the token.
//
// # Posting
//
// [StatusesService.Create] posts a status exactly once. Every post
// carries an Idempotency-Key; on servers that honour it (Mastodon,
// Pleroma, Akkoma) a post that fails in a way that may pass is sent again
// with the same key, and when the outcome stays unknown the error is an
// [*UncertainPostError] with the key, to try again safely. On servers
// that ignore the key (GoToSocial) a post is never sent twice blindly:
// after an unknown outcome the client looks for it among the account's
// latest statuses first. [StatusesService.Schedule] schedules one.
//
// [StatusLength] counts a text as the server does (grapheme clusters,
// every link as 23 characters, a remote mention as its local part), with
// the limits [Client.LengthRules] reads from the instance. [SplitThread]
// cuts a long text into parts that fit, never inside a link, mention or
// hashtag, and [StatusesService.PostThread] posts them as a thread that
// can be resumed after a failure without posting a part twice
// ([ThreadProgress]). Upload images with [MediaService.Upload], with
// their description (alt text), and wait for them with
// [MediaService.WaitProcessed] before posting.
//
// # Pagination
//
// Lists are newest first and page with max_id, since_id and min_id
// ([ListOptions]). [Response] gives the cursors of the next (older) and
// previous (newer) pages from the Link header. Every list method has an
// iterator twin, named with an All suffix, that walks the pages for you
// and stops when you break out of the loop:
//
//	for account, err := range client.Statuses.FavouritedByAll(ctx, id, nil) {
//		if err != nil {
//			return err
//		}
//		fmt.Println(account.Acct)
//	}
//
// # Rate limits
//
// Mastodon allows 300 requests per 5 minutes per account, 30 media
// uploads and 30 deletions per 30 minutes. [Response].Rate carries the
// budget a response announced. [Options].RateLimit chooses what to do
// about it: wait for the budget to be renewed when the server answers
// 429 ([RateLimitWait], the default), fail at once with a
// [*RateLimitError] ([RateLimitFail]), or spread the remaining requests
// over the time left ([RateLimitPace]).
//
// # Streaming
//
// [Client.Stream] opens the streaming API and delivers events ([Event]:
// new statuses, deletions, notifications, edits…) on a channel. It speaks
// WebSocket, one connection for several streams ([Subscription]: user,
// public, hashtag, list…), with the token in the Authorization header,
// and falls back to Server-Sent Events where the server offers no
// WebSocket. It reconnects with backoff and jitter, subscribes again to
// every stream after a reconnect, checks the connection with pings, and
// stops with [Stream.Close]:
//
//	stream, err := client.Stream(ctx, nil, mastodon.Subscription{Stream: mastodon.StreamUser})
//	for ev := range stream.Events() {
//		if st, err := ev.Status(); err == nil {
//			fmt.Println(st.Account.Acct, st.Content)
//		}
//	}
//
// # Retries
//
// Network errors, 5xx answers and 429 are retried with exponential
// backoff and jitter, honouring Retry-After and X-RateLimit-Reset: for
// GET, HEAD, PUT and DELETE, and for a POST only when it carries an
// Idempotency-Key the server honours, or when no connection was made.
//
// # Servers that are not Mastodon
//
// Entities tolerate what other servers send: numeric IDs ([ID]), dates
// with or without a time of day ([Date]), numbers and booleans sent as
// strings, missing fields, and Pleroma's and Akkoma's extension objects,
// kept raw. [Client.Server] tells the server's software and version,
// from its instance document or else its NodeInfo, and [Client.Require]
// reports a feature the server lacks as a [*NotSupportedError].
//
// # Errors
//
// An error answer is an [*ErrorResponse] with the server's message,
// description and, for validation failures, the problems of each field.
// It matches [ErrNotFound], [ErrUnauthorized], [ErrForbidden],
// [ErrGone], [ErrUnprocessable], [ErrRateLimited] or [ErrServer] with
// errors.Is.
//
// # Network
//
// Without [Options].HTTPClient the client connects only to public
// addresses over https, with timeouts; [Options].AllowLoopback,
// AllowPrivate and AllowHTTP open it up for tests and private servers.
// Response bodies are read up to [Options].MaxBodySize, error bodies up
// to 1 MiB. The User-Agent names fedikit and its version, after the
// application's name when [Options].UserAgent gives one.
package mastodon
