package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/fedikit/fedikit/mastodon"
	"github.com/fedikit/fedikit/peertube"
)

// pageSize is how many of the channel's latest videos a poll reads: the
// most PeerTube gives in one page.
const pageSize = 100

// maxSentence caps the description's sentence in a status, in
// characters, before the server's limit is considered.
const maxSentence = 280

// poster polls the channel and posts the announcements.
type poster struct {
	c      config
	log    *slog.Logger
	stdout io.Writer
	tube   *peertube.Client
	social *mastodon.Client
	rules  mastodon.LengthRules
	state  *state
}

// newPoster sets up the clients, reads the state file and the Mastodon
// server's length rules.
func newPoster(ctx context.Context, c config, e env, token string, log *slog.Logger, stdout io.Writer) (*poster, error) {
	popts := e.peertube
	popts.Logger, popts.UserAgent = log, userAgent
	tube, err := peertube.NewClient(c.peertube, &popts)
	if err != nil {
		return nil, err
	}
	mopts := e.mastodon
	mopts.Logger, mopts.UserAgent, mopts.AccessToken = log, userAgent, token
	social, err := mastodon.NewClient(c.mastodon, &mopts)
	if err != nil {
		return nil, err
	}
	st, err := loadState(c.state)
	if err != nil {
		return nil, err
	}
	if err := st.check(tube.BaseURL().String(), c.channel, social.BaseURL().String()); err != nil {
		return nil, fmt.Errorf("%s: %w: choose another file with -state", c.state, err)
	}
	rules, err := social.LengthRules(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return nil, err
		}
		log.WarnContext(ctx, "the Mastodon server's length rules could not be read: using Mastodon's defaults", "err", err)
		rules = mastodon.LengthRules{MaxCharacters: mastodon.DefaultMaxCharacters, CharactersReservedPerURL: mastodon.DefaultCharactersReservedPerURL}
	}
	return &poster{c: c, log: log, stdout: stdout, tube: tube, social: social, rules: rules, state: st}, nil
}

// poll announces the channel's new videos, oldest first. A video that
// fails does not stop the others; the errors are returned together, and
// the next poll tries those videos again.
func (p *poster) poll(ctx context.Context) error {
	videos, err := p.latestVideos(ctx)
	if err != nil {
		return err
	}
	var errs []error
	posted := 0
	for _, v := range slices.Backward(videos) {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if v.UUID == "" || p.state.announced(v.UUID) || v.Privacy.ID != peertube.PrivacyPublic {
			continue
		}
		details, _, err := p.tube.Videos.Get(ctx, v.UUID, nil)
		if err != nil {
			errs = append(errs, fmt.Errorf("reading video %s: %w", v.UUID, err))
			continue
		}
		if !publishedPublic(details) {
			p.log.DebugContext(ctx, "not announced yet: not public or not published", "video", v.UUID,
				"privacy", details.Privacy.Label, "state", details.State.Label)
			continue
		}
		if err := p.announce(ctx, details); err != nil {
			errs = append(errs, fmt.Errorf("announcing video %s (%q): %w", details.UUID, details.Name, err))
			continue
		}
		posted++
	}
	p.log.DebugContext(ctx, "poll done", "videos", len(videos), "announced", posted)
	return errors.Join(errs...)
}

// latestVideos returns the channel's latest videos, newest first.
func (p *poster) latestVideos(ctx context.Context) ([]*peertube.Video, error) {
	videos, _, err := p.tube.Channels.Videos(ctx, p.c.channel, &peertube.VideoListOptions{
		ListOptions: peertube.ListOptions{Count: pageSize, Sort: "-publishedAt"},
	})
	if err != nil {
		return nil, fmt.Errorf("listing the videos of channel %s: %w", p.c.channel, err)
	}
	return videos, nil
}

// publishedPublic reports whether anyone may watch the video now.
// PeerTube gives the state of a video's details; a server that left it
// out would not list a video that is not published to an anonymous
// client.
func publishedPublic(v *peertube.VideoDetails) bool {
	return v.Privacy.ID == peertube.PrivacyPublic &&
		(v.State.ID == 0 || v.State.ID == peertube.StatePublished) &&
		!v.Blacklisted
}

// announce posts the status of video v with its thumbnail, or prints it
// under -dry-run, and records it in the state file.
func (p *poster) announce(ctx context.Context, v *peertube.VideoDetails) error {
	link := p.watchURL(v)
	text := statusText(v, link, p.rules)
	alt := "Thumbnail of " + oneLine(v.Name)
	key := idempotencyKey(v.UUID)
	thumb := thumbnailPath(v, p.tube.BaseURL())

	if p.c.dryRun {
		fmt.Fprintf(p.stdout, "would announce %s (%q), Idempotency-Key %s, %d/%d characters:\n", v.UUID, v.Name, key,
			mastodon.StatusLength(text, "", p.rules), p.rules.MaxCharacters)
		for line := range strings.Lines(text) {
			if line != "\n" {
				line = "    " + line
			}
			fmt.Fprint(p.stdout, line)
		}
		fmt.Fprintln(p.stdout)
		if thumb != "" {
			fmt.Fprintf(p.stdout, "  picture %s%s, alt text %q\n", p.tube.BaseURL(), strings.TrimPrefix(thumb, "/"), alt)
		}
		fmt.Fprintln(p.stdout)
		// Remembered for this run only, so that later polls show what
		// is new.
		p.state.add(v.UUID, &announcement{Name: v.Name})
		return nil
	}

	var attachments []mastodon.NewAttachment
	if thumb != "" {
		img, err := p.thumbnail(ctx, thumb)
		switch {
		case errors.Is(err, peertube.ErrNotFound):
			p.log.WarnContext(ctx, "the thumbnail is missing: posting without it", "video", v.UUID, "path", thumb)
		case err != nil:
			return err
		default:
			attachments = append(attachments, mastodon.NewAttachment{
				File:        &mastodon.MediaFile{Reader: bytes.NewReader(img), Name: path.Base(thumb)},
				Description: alt,
			})
		}
	}
	st, _, err := p.social.Statuses.Post(ctx, &mastodon.NewStatus{Status: text, IdempotencyKey: key}, attachments, nil)
	if err != nil {
		return err
	}
	// Saved even if ctx has ended: the post is made.
	p.state.add(v.UUID, &announcement{Name: v.Name, StatusID: st.ID, StatusURL: st.URL, At: time.Now().UTC()})
	if err := p.state.save(p.c.state); err != nil {
		return fmt.Errorf("posted as %s, but saving the state failed (a next run is deduplicated by its Idempotency-Key for an hour): %w", st.URL, err)
	}
	fmt.Fprintf(p.stdout, "announced %q: %s\n", v.Name, st.URL)
	return nil
}

// watchURL is the address of the video's page on the server.
func (p *poster) watchURL(v *peertube.VideoDetails) string {
	id := v.ShortUUID
	if id == "" {
		id = v.UUID
	}
	return p.tube.BaseURL().String() + "w/" + url.PathEscape(id)
}

// thumbnailPath is the path of the video's thumbnail on the server, or ""
// when it has none there.
func thumbnailPath(v *peertube.VideoDetails, server *url.URL) string {
	if v.ThumbnailPath != "" {
		return v.ThumbnailPath
	}
	if u, err := url.Parse(v.ThumbnailURL); err == nil && v.ThumbnailURL != "" && u.Host == server.Host {
		return u.Path
	}
	return ""
}

// thumbnail downloads the picture at path at of the PeerTube server
// (such as /lazy-static/thumbnails/….jpg). PeerTube's paths start at the
// root of its host; a server URL with a path prefix is taken to serve
// them below it.
func (p *poster) thumbnail(ctx context.Context, at string) ([]byte, error) {
	req, err := p.tube.NewRequest(ctx, "GET", strings.TrimPrefix(at, "/"), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "image/*")
	var buf bytes.Buffer
	if _, err := p.tube.Do(req, &buf); err != nil {
		return nil, fmt.Errorf("downloading the thumbnail: %w", err)
	}
	return buf.Bytes(), nil
}

// idempotencyKey is the Idempotency-Key of the announcement of the video
// with this UUID: the same in every run, so that Mastodon makes the
// status once even when it is posted again after a crash.
func idempotencyKey(uuid string) string {
	sum := sha256.Sum256([]byte("crosspost:" + uuid))
	return hex.EncodeToString(sum[:16])
}
