package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/fedikit/fedikit/mastodon"
)

const (
	// defaultAltLimit is the longest alt text when the server does not
	// say: Mastodon's limit.
	defaultAltLimit = 1500
	// mediaTimeout limits the wait for an upload to be processed.
	mediaTimeout = 2 * time.Minute
)

// limits are the server's limits that a post is checked against.
type limits struct {
	rules    mastodon.LengthRules
	altLimit int
}

// plan is what will be posted from one file.
type plan struct {
	a     *announcement
	parts []string
	// rec is the state of a thread to resume; nil for a new post.
	rec *fileState
}

// announce posts (or, with -dry-run, shows) the files of c.dir that were
// not posted yet.
func announce(ctx context.Context, c config, e env, log *slog.Logger, stdout io.Writer) error {
	var creds *credentials
	if !c.dryRun {
		var err error
		if creds, err = loadCredentials(c.credentials); err != nil {
			return err
		}
		if creds == nil || creds.Token == nil || creds.Token.AccessToken == "" {
			return fmt.Errorf("no token in %s: run announcer -server %s -login first", c.credentials, c.server)
		}
	}
	token := ""
	if creds != nil {
		token = creds.Token.AccessToken
	}
	client, err := newClient(c, e, log, token)
	if err != nil {
		return err
	}
	server := client.BaseURL().String()
	if creds != nil && creds.Server != server {
		return fmt.Errorf("%s holds the credentials of %s, not of %s", c.credentials, creds.Server, server)
	}
	st, err := loadState(c.state)
	if err != nil {
		return err
	}
	if st.Server != "" && st.Server != server {
		return fmt.Errorf("the state file %s is about %s, not %s: choose another file with -state", c.state, st.Server, server)
	}
	st.Server = server

	lim, err := readLimits(ctx, client, log)
	if err != nil {
		if !c.dryRun {
			return err
		}
		fmt.Fprintf(stdout, "Could not read the server's limits (%v);\nusing Mastodon's defaults: %d characters a status, %d a link, %d for alt text.\n\n",
			err, lim.rules.MaxCharacters, lim.rules.CharactersReservedPerURL, lim.altLimit)
	}
	plans, refused, err := planAll(ctx, c, st, lim, log)
	if err != nil {
		return err
	}

	if c.dryRun {
		for _, p := range plans {
			printPlan(stdout, p, lim)
		}
		if len(plans) == 0 && refused == 0 {
			fmt.Fprintf(stdout, "Nothing to post: every file of %s was posted.\n", c.dir)
		}
		if refused > 0 {
			return fmt.Errorf("%d file(s) refused, see above", refused)
		}
		return nil
	}
	if refused > 0 {
		return fmt.Errorf("%d file(s) refused, see above; nothing was posted", refused)
	}
	if len(plans) == 0 {
		log.InfoContext(ctx, "nothing to post", "dir", c.dir)
		return nil
	}

	me, _, err := client.Accounts.VerifyCredentials(ctx)
	if err != nil {
		if errors.Is(err, mastodon.ErrUnauthorized) {
			return fmt.Errorf("the server refused the token in %s: run announcer -server %s -login again", c.credentials, c.server)
		}
		return fmt.Errorf("checking the token: %w", err)
	}
	log.InfoContext(ctx, "posting", "account", me.Acct, "files", len(plans))
	for _, p := range plans {
		if err := post(ctx, client, st, c.state, p, e, log, stdout); err != nil {
			return err
		}
	}
	return nil
}

// readLimits asks the server for its length rules and alt text limit. On
// failure it returns Mastodon's defaults with the error.
func readLimits(ctx context.Context, client *mastodon.Client, log *slog.Logger) (limits, error) {
	lim := limits{
		rules: mastodon.LengthRules{
			MaxCharacters:            mastodon.DefaultMaxCharacters,
			CharactersReservedPerURL: mastodon.DefaultCharactersReservedPerURL,
		},
		altLimit: defaultAltLimit,
	}
	rules, err := client.LengthRules(ctx)
	if err != nil {
		return lim, err
	}
	lim.rules = rules
	// LengthRules has read the instance document already, but keeps
	// the rest of it to itself: ask again for the media limits.
	inst, _, err := client.Instance.Get(ctx)
	switch {
	case err != nil:
		log.DebugContext(ctx, "no instance document for the alt text limit; using the default", "limit", defaultAltLimit, "error", err)
	case inst.Configuration.MediaAttachments.DescriptionLimit > 0:
		lim.altLimit = inst.Configuration.MediaAttachments.DescriptionLimit
	}
	log.DebugContext(ctx, "server limits", "max_characters", lim.rules.MaxCharacters,
		"characters_reserved_per_url", lim.rules.CharactersReservedPerURL, "description_limit", lim.altLimit)
	return lim, nil
}

// planAll reads the Markdown files of the directory, in the order of
// their names, and plans those that are to be posted. A file that cannot
// be posted is logged and counted in refused.
func planAll(ctx context.Context, c config, st *state, lim limits, log *slog.Logger) (plans []*plan, refused int, err error) {
	entries, err := os.ReadDir(c.dir)
	if err != nil {
		return nil, 0, err
	}
	for _, en := range entries { // sorted by name
		name := en.Name()
		if !en.Type().IsRegular() || strings.HasPrefix(name, ".") || !isMarkdown(name) {
			continue
		}
		path := filepath.Join(c.dir, name)
		data, err := os.ReadFile(path)
		if err != nil {
			log.ErrorContext(ctx, "cannot read the file", "file", name, "error", err)
			refused++
			continue
		}
		rec := st.Files[name]
		if rec != nil {
			switch sum := contentSum(data); {
			case rec.SHA256 == sum && rec.Done:
				log.DebugContext(ctx, "already posted", "file", name)
				continue
			case rec.SHA256 == sum:
				// A thread that stopped halfway: resume it.
			case !rec.Done && (rec.Progress == nil || len(rec.Progress.Posted) == 0):
				// Nothing of it was posted (an upload failed, say): the
				// new content is planned afresh.
				log.InfoContext(ctx, "the file changed before any of it was posted; planning it again", "file", name)
				rec = nil
			case !c.repostChanged:
				what := "it was posted"
				if !rec.Done {
					what = fmt.Sprintf("%d of its %d statuses were posted", len(rec.Progress.Posted), len(rec.Parts))
				}
				log.WarnContext(ctx, "the file changed since "+what+"; skipped (-repost-changed posts it again)", "file", name)
				continue
			default:
				log.InfoContext(ctx, "the file changed since it was posted; posting it again", "file", name)
				rec = nil
			}
		}
		a, err := parseAnnouncement(name, path, data)
		if err != nil {
			log.ErrorContext(ctx, "refused", "error", err)
			refused++
			continue
		}
		p, err := makePlan(a, rec, lim)
		if err != nil {
			log.ErrorContext(ctx, "refused", "error", err)
			refused++
			continue
		}
		plans = append(plans, p)
	}
	return plans, refused, nil
}

// isMarkdown reports whether a file name is that of a Markdown file.
func isMarkdown(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".md", ".markdown":
		return true
	}
	return false
}

// contentSum returns the SHA-256 of data, in hex.
func contentSum(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// makePlan checks an announcement against the server's limits and splits
// its text; rec, if not nil, is a thread to resume with its own parts.
func makePlan(a *announcement, rec *fileState, lim limits) (*plan, error) {
	p := &plan{a: a, rec: rec}
	if rec != nil {
		if err := rec.check(); err != nil {
			return nil, fmt.Errorf("%s: its record in the state file cannot be resumed: %v", a.name, err)
		}
		p.parts = rec.Parts
	} else {
		parts, err := mastodon.SplitThread(a.text, mastodon.SplitOptions{Rules: lim.rules, Counter: true, Spoiler: a.cw})
		if err != nil {
			return nil, fmt.Errorf("%s: %w", a.name, err)
		}
		p.parts = parts
	}
	if rec == nil || len(rec.Progress.Posted) == 0 {
		for _, im := range a.images {
			if n := utf8.RuneCountInString(im.alt); n > lim.altLimit {
				return nil, fmt.Errorf("%s: the alt text of image %s is %d characters long, over the server's limit of %d", a.name, im.path, n, lim.altLimit)
			}
			fi, err := os.Stat(im.path)
			if err != nil {
				return nil, fmt.Errorf("%s: image %s: %w", a.name, im.path, err)
			}
			if !fi.Mode().IsRegular() {
				return nil, fmt.Errorf("%s: image %s is not a file", a.name, im.path)
			}
		}
	}
	if !a.schedule.IsZero() {
		if len(p.parts) > 1 {
			return nil, fmt.Errorf("%s: a scheduled post must fit in one status, and this text needs %d (it counts %d characters with its content warning; the limit is %d): shorten it, or remove the schedule line to post it now as a thread",
				a.name, len(p.parts), mastodon.StatusLength(a.text, a.cw, lim.rules), lim.rules.MaxCharacters)
		}
		if rec == nil && !a.schedule.After(time.Now()) {
			return nil, fmt.Errorf("%s: the schedule, %s, is not in the future", a.name, a.schedule.Format(time.RFC3339))
		}
	}
	return p, nil
}

// printPlan shows what -dry-run would post.
func printPlan(w io.Writer, p *plan, lim limits) {
	a := p.a
	var about []string
	switch n := len(p.parts); {
	case !a.schedule.IsZero():
		about = append(about, "1 status scheduled for "+a.schedule.Format(time.RFC3339))
	case n == 1:
		about = append(about, "1 status")
	default:
		about = append(about, fmt.Sprintf("a thread of %d statuses", n))
	}
	if a.visibility != "" {
		about = append(about, "visibility "+string(a.visibility))
	} else {
		about = append(about, "the account's default visibility")
	}
	if a.language != "" {
		about = append(about, "language "+a.language)
	}
	if a.cw != "" {
		about = append(about, fmt.Sprintf("content warning %q", a.cw))
	}
	fmt.Fprintf(w, "%s: %s\n", a.name, strings.Join(about, ", "))
	posted := 0
	if p.rec != nil {
		posted = len(p.rec.Progress.Posted)
		fmt.Fprintf(w, "  resuming: %d of %d statuses were posted\n", posted, len(p.parts))
	}
	if posted == 0 {
		for _, im := range a.images {
			fmt.Fprintf(w, "  image %s: %q (%d/%d chars)\n", im.path, im.alt, utf8.RuneCountInString(im.alt), lim.altLimit)
		}
	}
	for i, part := range p.parts {
		done := ""
		if i < posted {
			done = " (posted)"
		}
		fmt.Fprintf(w, "  [%d/%d] %d/%d chars%s\n", i+1, len(p.parts), mastodon.StatusLength(part, a.cw, lim.rules), lim.rules.MaxCharacters, done)
		for line := range strings.SplitSeq(part, "\n") {
			if line == "" {
				fmt.Fprintln(w)
				continue
			}
			fmt.Fprintln(w, "      "+line)
		}
	}
	fmt.Fprintln(w)
}

// post posts one planned file, saving the state before the first status
// and after each one.
func post(ctx context.Context, client *mastodon.Client, st *state, statePath string, p *plan, e env, log *slog.Logger, stdout io.Writer) error {
	a, rec := p.a, p.rec
	if rec == nil {
		// The plan, with an idempotency key for each part, is saved
		// before anything is sent, so that even a crash during the
		// first post cannot make it twice.
		rec = &fileState{SHA256: a.sum, Parts: p.parts, Progress: mastodon.NewThreadProgress(len(p.parts))}
		st.Files[a.name] = rec
		if err := st.save(statePath); err != nil {
			return err
		}
	} else {
		log.InfoContext(ctx, "resuming a thread", "file", a.name, "posted", len(rec.Progress.Posted), "parts", len(rec.Parts))
	}
	first := mastodon.NewStatus{Visibility: a.visibility, Language: a.language, SpoilerText: a.cw}
	if len(rec.Progress.Posted) == 0 {
		ids, err := uploadImages(ctx, client, a, e, log)
		if err != nil {
			return err
		}
		first.MediaIDs = ids
	}

	n := len(rec.Parts)
	if !a.schedule.IsZero() {
		first.Status = rec.Parts[0]
		first.IdempotencyKey = rec.Progress.Keys[0]
		sc, _, err := client.Statuses.Schedule(ctx, a.schedule, &first)
		if err != nil {
			return fmt.Errorf("%s: scheduling the post: %w", a.name, err)
		}
		rec.ScheduledID = sc.ID
	}
	for i := len(rec.Progress.Posted); i < n && a.schedule.IsZero(); i++ {
		// PostThread posts what its progress lacks: given the parts up
		// to this one, and their keys, it posts this one only, as a
		// reply to the one before; the state is saved after each.
		one := &mastodon.ThreadProgress{Posted: slices.Clone(rec.Progress.Posted), Keys: rec.Progress.Keys[:i+1]}
		posted, err := client.Statuses.PostThread(ctx, rec.Parts[:i+1], &first, one)
		if err == nil && len(posted) != 1 {
			err = fmt.Errorf("the server answered %d statuses for one", len(posted))
		}
		if err != nil {
			// PostThread's error counts parts of the call, not of the
			// thread: keep what is under it.
			if inner := errors.Unwrap(err); inner != nil {
				err = inner
			}
			return fmt.Errorf("%s: posting part %d of %d (run again to resume): %w", a.name, i+1, n, err)
		}
		rec.Progress.Posted = append(rec.Progress.Posted, posted[0].ID)
		if i == 0 {
			rec.URL = posted[0].URL
		}
		if err := st.save(statePath); err != nil {
			return err
		}
		log.InfoContext(ctx, "posted", "file", a.name, "part", fmt.Sprintf("%d/%d", i+1, n), "id", posted[0].ID)
	}
	rec.Done, rec.DoneAt = true, time.Now().UTC()
	if err := st.save(statePath); err != nil {
		return err
	}
	switch {
	case !a.schedule.IsZero():
		fmt.Fprintf(stdout, "scheduled %s for %s (scheduled status %s)\n", a.name, a.schedule.Format(time.RFC3339), rec.ScheduledID)
	case n == 1:
		fmt.Fprintf(stdout, "posted %s: %s\n", a.name, rec.URL)
	default:
		fmt.Fprintf(stdout, "posted %s (%d statuses): %s\n", a.name, n, rec.URL)
	}
	return nil
}

// uploadImages uploads the images of a with their alt text and waits
// until the server has processed them.
func uploadImages(ctx context.Context, client *mastodon.Client, a *announcement, e env, log *slog.Logger) ([]mastodon.ID, error) {
	var ids []mastodon.ID
	for _, im := range a.images {
		f, err := os.Open(im.path)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", a.name, err)
		}
		m, resp, err := client.Media.Upload(ctx, &mastodon.MediaFile{Reader: f, Name: filepath.Base(im.path)},
			&mastodon.MediaUploadOptions{Description: im.alt})
		_ = f.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: uploading %s: %w", a.name, im.path, err)
		}
		if resp.StatusCode == http.StatusAccepted || m.URL == "" {
			m, _, err = client.Media.WaitProcessed(ctx, m.ID, &mastodon.MediaWaitOptions{PollInterval: e.mediaPoll, Timeout: mediaTimeout})
			if err != nil {
				return nil, fmt.Errorf("%s: waiting for %s to be processed: %w", a.name, im.path, err)
			}
		}
		log.InfoContext(ctx, "uploaded", "file", a.name, "image", im.path, "id", m.ID)
		ids = append(ids, m.ID)
	}
	return ids, nil
}
