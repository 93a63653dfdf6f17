// Package peertube is a client for the REST API of PeerTube, the
// federated video platform (API version 6.3; servers from 6.0 on).
//
// A [Client] talks to one server. Its services group the API by area:
// client.OAuth, client.Config, client.Videos. Every method takes a
// context first and returns the entity, a [Response] and an error:
//
//	client, err := peertube.NewClient("https://videos.example", &peertube.Options{
//		UserAgent: "uploader/1.0",
//	})
//	video, resp, err := client.Videos.Get(ctx, "9c9de5e8-0a1e-484a-b099-e80766180a6d", nil)
//
// Videos are named by their id, UUID or short UUID, as strings.
//
// # Authentication
//
// Reading public videos needs no token. Everything else takes an OAuth
// bearer token, which PeerTube gives for a user's name and password: ask
// the server for its OAuth client ([OAuthService.LocalClient]), log in
// with the password grant ([OAuthService.Password]), and refresh the
// token before it expires (a day, by default) with its refresh token (two
// weeks). [OAuthService.Login] does all of it and returns a
// [*TokenSource] for [Options].TokenSource:
//
//	anonymous, _ := peertube.NewClient(server, nil)
//	ts, err := anonymous.OAuth.Login(ctx, "alice", password, nil)
//	if errors.Is(err, peertube.ErrTwoFactorRequired) {
//		// ask for the one-time code, then log in again with it:
//		ts, err = anonymous.OAuth.Login(ctx, "alice", password, &peertube.PasswordOptions{OTP: code})
//	}
//	if err != nil {
//		return err
//	}
//	client, err := peertube.NewClient(server, &peertube.Options{TokenSource: ts})
//
// A refresh revokes the previous tokens at once, so one credential must
// have one token source, shared by all its clients; a TokenSource is safe
// for concurrent use and refreshes once for all its callers. To keep a
// login across runs, store the token it gives (it marshals to JSON) and
// pass [TokenSourceOptions].OnRefresh to store each new one; rebuild the
// source with [OAuthService.TokenSource]. [OAuthService.Revoke] logs out.
// [Options].AccessToken takes a token as it is, for short programs.
//
// Passwords, tokens, client secrets and Authorization headers never
// appear in errors, logs or the String of a value, and a redirect to
// another host does not receive the token. Token exchanges are sent once,
// without retries.
//
// # Uploading
//
// [VideosService.Upload] sends a video with PeerTube's resumable
// protocol: the file is announced with its metadata ([NewVideo]), then
// sent in chunks read with ReadAt, so that memory does not grow with the
// file's size, and every chunk goes on from the offset the server says
// it holds. A cut connection, a 5xx or a 409 costs at most one chunk sent
// again; a 503 while the last chunk is processed is waited out. The
// chunk size is the caller's, capped by the server's
// (client.videos.resumableUpload.maxChunkSize of its config).
//
// To survive the death of the process, start the upload with
// [VideosService.StartUpload], keep the [UploadSession] it returns (it
// marshals to JSON and holds no secret), and give it to
// [VideosService.ResumeUpload] with the same file, now or after a
// restart:
//
//	session, err := client.Videos.StartUpload(ctx, video, size, nil)
//	save(session)
//	v, err := client.Videos.ResumeUpload(ctx, session, file, &peertube.UploadOptions{
//		Progress: func(sent, total int64) { fmt.Printf("%d/%d\n", sent, total) },
//	})
//
// A session unused for an hour expires ([ErrUploadSessionExpired]).
// When the whole file had been sent before the session went away
// ([UploadSessionError].AllSent), the video most likely exists: look
// for it before uploading again. [VideosService.CancelUpload] drops a
// session.
//
// # Pagination
//
// Lists page by offset: [ListOptions].Start skips entries and Count (at
// most 100) says how many to return; Sort orders them. [Response].Total
// is the number of entries of the whole list. Every list method has an
// iterator twin, named with an All suffix, that walks the pages, 100
// entries at a time unless Count says otherwise, until it has read the
// total, and stops when you break out of the loop:
//
//	for video, err := range client.Videos.ListAll(ctx, &peertube.VideoListOptions{IsLocal: peertube.Ptr(true)}) {
//		if err != nil {
//			return err
//		}
//		fmt.Println(video.Name)
//	}
//
// Entries published or deleted during a walk shift the offsets: a walk
// may show an entry twice or miss one.
//
// # Errors
//
// An error answer is an [*ErrorResponse], decoded from PeerTube's problem
// documents (RFC 7807) with its code and, for a validation failure, the
// refused parameters. It matches a sentinel of its status with
// [errors.Is]: [ErrNotFound], [ErrUnauthorized], [ErrForbidden],
// [ErrBadRequest], [ErrConflict], [ErrTooLarge], [ErrServer]; and
// [ErrTwoFactorRequired] by its code.
//
// # Retries and rate limits
//
// GET, PUT and DELETE requests are retried after network errors and 5xx
// answers, with exponential backoff; a POST is sent once, as PeerTube has
// no idempotency keys, unless it could not connect at all. PeerTube
// allows 50 API requests in 10 seconds per address, and 15 logins in 5
// minutes; [Response].Rate carries the budget an answer announced. A
// request refused with 429 is sent again when the budget is renewed, if
// that is within [Options].MaxRateLimitWait, else it fails with a
// [*RateLimitError].
package peertube
