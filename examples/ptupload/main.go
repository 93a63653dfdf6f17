// Command ptupload uploads a video to a PeerTube channel, with a progress
// bar, and goes on where it stopped if it is interrupted: a cut
// connection costs at most one chunk, and a run that was killed (Ctrl-C,
// a reboot) is resumed by running the same command again.
//
//	PEERTUBE_PASSWORD=… go run ./examples/ptupload -server https://videos.example \
//	    -user alice -channel 3 -name "Spring concert" -privacy unlisted concert.mp4
//
// It logs in with the account's name and password (from -password-file,
// or else the PEERTUBE_PASSWORD environment variable; never on the
// command line, where other users could see it). An account with
// two-factor authentication is asked for its one-time code on the
// terminal.
//
// # Resuming
//
// Before it sends the first byte, ptupload writes the upload's session
// to a file (-session, default FILE.upload.json beside the video): the
// session's address on the server, the file's size and modification
// time, and the metadata the video was announced with. It holds no
// secret. When that file exists at start, ptupload does not announce the
// video again: it asks the server how much it holds and sends the rest.
// The title, channel and privacy are then those the upload started with;
// other values on the command line are ignored, with a warning.
//
// The session file is deleted once the server has made the video. A
// session the server no longer knows (PeerTube forgets one after an
// hour without a chunk) is replaced by a new one, and the upload starts
// over, unless the last chunk may have reached the server: PeerTube
// also forgets a session once it has made its video, so ptupload stops
// there and asks you to look for the video rather than make it twice.
// It refuses to resume when the video file has changed since the upload
// started. In both cases, delete the session file to start again.
//
// # Output
//
// The watch page of the new video is printed on standard output:
//
//	$ ptupload -server https://videos.example -user alice -channel 3 -name "Spring concert" concert.mp4
//	time=… level=INFO msg="logged in" server=https://videos.example/ user=alice
//	time=… level=INFO msg="upload started" file=concert.mp4 size=734003200 session=concert.mp4.upload.json
//	uploading  38% |███████████████                         | (267/700 MiB, 11 MiB/s) [24s:39s]
//	^C
//	time=… level=INFO msg="interrupted: run the same command again to go on" session=concert.mp4.upload.json
//
//	$ ptupload -server https://videos.example -user alice -channel 3 -name "Spring concert" concert.mp4
//	time=… level=INFO msg="logged in" server=https://videos.example/ user=alice
//	time=… level=INFO msg="resuming the upload" file=concert.mp4 session=concert.mp4.upload.json
//	uploading 100% |████████████████████████████████████████| (700/700 MiB, 12 MiB/s)
//	https://videos.example/w/kkGMgK9ZtnKfYAgnEtQxbv
//
// The progress bar is drawn on standard error when it is a terminal;
// log lines go there too. The exit status is 0 on success, 1 on failure
// or interruption and 2 when the command line is wrong.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/fedikit/fedikit/peertube"
)

// Exit statuses.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

// passwordEnv is the environment variable the password is read from when
// no -password-file is given.
const passwordEnv = "PEERTUBE_PASSWORD"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, env{getenv: os.Getenv})
	stop()
	os.Exit(code)
}

// env is what run takes from its surroundings beside the command line.
// main fills getenv only; tests fill the rest to reach a fake server.
type env struct {
	// client are the options the PeerTube clients start from (run sets
	// the token source, the logger and the User-Agent): tests allow
	// loopback and plain http here.
	client peertube.Options
	// getenv reads an environment variable; nil reads none.
	getenv func(string) string
	// onProgress, if set, is called after the progress bar with what the
	// server acknowledged: tests stop an upload halfway with it.
	onProgress func(sent, total int64)
}

// config is what the command line asks for.
type config struct {
	server       string
	user         string
	passwordFile string
	channel      int64
	name         string
	privacy      peertube.Privacy
	session      string
	file         string
}

// parsePrivacy reads a value of -privacy.
func parsePrivacy(s string) (peertube.Privacy, bool) {
	switch s {
	case "public":
		return peertube.PrivacyPublic, true
	case "unlisted":
		return peertube.PrivacyUnlisted, true
	case "private":
		return peertube.PrivacyPrivate, true
	}
	return 0, false
}

// run is the whole command. It returns the exit status.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, e env) int {
	var (
		c       config
		channel string
		privacy string
	)
	fs := flag.NewFlagSet("ptupload", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), `Usage:
  ptupload -server URL -user NAME [-password-file FILE] -channel ID -name TITLE
           [-privacy public|unlisted|private] [-session FILE] VIDEO

ptupload uploads VIDEO to a PeerTube channel with a progress bar. The upload
survives cut connections, and an interrupted one goes on when the same command
is run again: its session is kept in the session file until the video is made.
The password is read from -password-file, or else from $%s.
On success the address of the video's page is printed.

Flags:
`, passwordEnv)
		fs.PrintDefaults()
	}
	fs.StringVar(&c.server, "server", "", "the PeerTube server's `URL`, such as https://videos.example (required)")
	fs.StringVar(&c.user, "user", "", "the account's user `name` or e-mail address (required)")
	fs.StringVar(&c.passwordFile, "password-file", "", "read the password from `file` (default: $"+passwordEnv+")")
	fs.StringVar(&channel, "channel", "", "the numeric `id` of the channel to publish in (required)")
	fs.StringVar(&c.name, "name", "", "the video's `title`, 3 to 120 characters (required)")
	fs.StringVar(&privacy, "privacy", "public", "the video's `privacy`: public, unlisted or private")
	fs.StringVar(&c.session, "session", "", "the session `file` that lets an interrupted upload go on (default VIDEO.upload.json)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage // the flag package has said why
	}
	usageError := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "ptupload: "+format+"\n", a...)
		fmt.Fprintln(stderr, "Run ptupload -h for help.")
		return exitUsage
	}
	switch {
	case fs.NArg() == 0:
		return usageError("the video file to upload is missing")
	case fs.NArg() > 1:
		return usageError("one video at a time: unexpected argument %q", fs.Arg(1))
	case c.server == "":
		return usageError("-server is required")
	case c.user == "":
		return usageError("-user is required")
	case channel == "":
		return usageError("-channel is required")
	case c.name == "":
		return usageError("-name is required")
	}
	c.file = fs.Arg(0)
	if _, err := peertube.NewClient(c.server, nil); err != nil {
		return usageError("-server: %v", err)
	}
	var err error
	if c.channel, err = strconv.ParseInt(channel, 10, 64); err != nil || c.channel <= 0 {
		return usageError("-channel takes the channel's numeric id, not %q", channel)
	}
	if n := utf8.RuneCountInString(strings.TrimSpace(c.name)); n < 3 || n > 120 {
		return usageError("-name must be 3 to 120 characters long, not %d", n)
	}
	p, ok := parsePrivacy(privacy)
	if !ok {
		return usageError("-privacy is public, unlisted or private, not %q", privacy)
	}
	c.privacy = p
	if c.session == "" {
		c.session = c.file + ".upload.json"
	}
	password, err := readPassword(c.passwordFile, e.getenv)
	if err != nil {
		return usageError("%v", err)
	}

	log := slog.New(slog.NewTextHandler(stderr, nil))
	u := &uploader{c: c, e: e, log: log, stdin: stdin, stdout: stdout, stderr: stderr}
	if err := u.upload(ctx, password); err != nil {
		if ctx.Err() != nil {
			log.InfoContext(ctx, "interrupted: run the same command again to go on", "session", c.session)
		} else {
			log.ErrorContext(ctx, err.Error())
		}
		return exitFailure
	}
	return exitOK
}

// readPassword reads the password from file, or else from the
// environment. Only the end of line of a file is trimmed: a password may
// start or end with a space.
func readPassword(file string, getenv func(string) string) (string, error) {
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return "", fmt.Errorf("reading -password-file: %w", err)
		}
		pw := strings.TrimRight(string(b), "\r\n")
		if pw == "" {
			return "", fmt.Errorf("the password file %s is empty", file)
		}
		return pw, nil
	}
	if getenv != nil {
		if pw := getenv(passwordEnv); pw != "" {
			return pw, nil
		}
	}
	return "", fmt.Errorf("no password: give -password-file or set %s", passwordEnv)
}

// uploader is one run of the command.
type uploader struct {
	c      config
	e      env
	log    *slog.Logger
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	// contentType is the video's media type, from its extension.
	contentType string
}

// upload logs in, starts or resumes the upload, and prints the video's
// address.
func (u *uploader) upload(ctx context.Context, password string) error {
	f, err := os.Open(u.c.file)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() || fi.Size() == 0 {
		return fmt.Errorf("%s is not a video file: empty, or not a regular file", u.c.file)
	}
	if u.contentType = videoType(u.c.file); u.contentType == "" {
		return fmt.Errorf("the media type of %s is unknown: give the file the extension of its format (.mp4, .webm, .mkv…)", u.c.file)
	}

	opts := u.e.client
	opts.Logger = u.log
	opts.UserAgent = "fedikit-ptupload"
	anonymous, err := peertube.NewClient(u.c.server, &opts)
	if err != nil {
		return err
	}
	server := anonymous.BaseURL().String()

	// The session file is checked before logging in, which the server
	// allows only a few times in a row.
	saved, err := loadSession(u.c.session)
	if err != nil {
		return err
	}
	if saved != nil {
		if err := saved.matches(server, u.c.user, fi); err != nil {
			return fmt.Errorf("%v: delete %s to start the upload again", err, u.c.session)
		}
		u.warnIfChanged(ctx, saved.Video)
	}

	client, err := u.login(ctx, anonymous, opts, password)
	if err != nil {
		return err
	}
	if saved != nil {
		u.log.InfoContext(ctx, "resuming the upload", "file", u.c.file, "session", u.c.session)
	}

	for range 2 { // a second time when the server has forgotten the session
		if saved == nil {
			if saved, err = u.start(ctx, client, server, fi); err != nil {
				return err
			}
		}
		video, err := u.send(ctx, client, saved, f)
		var gone *peertube.UploadSessionError
		switch {
		case err == nil:
			if err := os.Remove(u.c.session); err != nil && !errors.Is(err, os.ErrNotExist) {
				u.log.WarnContext(ctx, "the upload is done, but the session file could not be deleted", "err", err)
			}
			fmt.Fprintln(u.stdout, server+"w/"+video.ShortUUID)
			return nil
		case errors.As(err, &gone) && (gone.AllSent || saved.lastChunkSent()):
			// PeerTube deletes a session once its video is made:
			// starting again could make the video twice.
			return fmt.Errorf("the server no longer knows the upload session, and the last chunk may have reached it: the video was most likely made; look for it in the channel, and if it is not there, delete %s and run again (%w)", u.c.session, err)
		case errors.As(err, &gone):
			u.log.WarnContext(ctx, "the server no longer knows the upload session: starting the upload again", "session", u.c.session)
			saved = nil
		default:
			return err
		}
	}
	return errors.New("the server forgot the new upload session at once")
}

// login logs the user in through the anonymous client, asking for the
// one-time code of a second factor on the terminal if the account has
// one, and returns a client with opts and their token.
func (u *uploader) login(ctx context.Context, anonymous *peertube.Client, opts peertube.Options, password string) (*peertube.Client, error) {
	ts, err := anonymous.OAuth.Login(ctx, u.c.user, password, nil)
	if errors.Is(err, peertube.ErrTwoFactorRequired) {
		fmt.Fprint(u.stderr, "Two-factor authentication code: ")
		var code string
		if code, err = readLine(ctx, u.stdin); err != nil {
			return nil, fmt.Errorf("reading the two-factor code: %w", err)
		}
		if code == "" {
			return nil, errors.New("no two-factor code was given")
		}
		ts, err = anonymous.OAuth.Login(ctx, u.c.user, password, &peertube.PasswordOptions{OTP: code})
	}
	if err != nil {
		return nil, fmt.Errorf("logging in as %s: %w", u.c.user, err)
	}
	opts.TokenSource = ts
	client, err := peertube.NewClient(u.c.server, &opts)
	if err != nil {
		return nil, err
	}
	u.log.InfoContext(ctx, "logged in", "server", client.BaseURL().String(), "user", u.c.user)
	return client, nil
}

// start announces the video and writes the session file before any byte
// of it is sent.
func (u *uploader) start(ctx context.Context, client *peertube.Client, server string, fi os.FileInfo) (*savedUpload, error) {
	video := &peertube.NewVideo{
		Name:      strings.TrimSpace(u.c.name),
		ChannelID: u.c.channel,
		Filename:  filepath.Base(u.c.file),
		Privacy:   u.c.privacy,
	}
	session, err := client.Videos.StartUpload(ctx, video, fi.Size(), &peertube.UploadOptions{ContentType: u.contentType})
	if err != nil {
		return nil, fmt.Errorf("starting the upload: %w", err)
	}
	saved := &savedUpload{
		Server:  server,
		User:    u.c.user,
		File:    filepath.Base(u.c.file),
		Size:    fi.Size(),
		ModTime: fi.ModTime(),
		Video:   video,
		Session: session,
	}
	if err := saved.save(u.c.session); err != nil {
		return nil, fmt.Errorf("saving the upload session (nothing was sent): %w", err)
	}
	u.log.InfoContext(ctx, "upload started", "file", u.c.file, "size", fi.Size(), "session", u.c.session)
	return saved, nil
}

// send sends the file to the saved session, drawing the progress bar.
// After each chunk the server acknowledges, the session file is saved
// with what it holds, before the next chunk goes: a later run can then
// tell whether the last chunk may have been sent.
func (u *uploader) send(ctx context.Context, client *peertube.Client, saved *savedUpload, f *os.File) (*peertube.UploadedVideo, error) {
	bar := newBar(u.stderr, saved.Size)
	video, err := client.Videos.ResumeUpload(ctx, saved.Session, f, &peertube.UploadOptions{
		Progress: func(sent, total int64) {
			_ = bar.Set64(sent)
			if sent < total {
				saved.Sent = sent
				if err := saved.save(u.c.session); err != nil {
					u.log.WarnContext(ctx, "saving the progress in the session file", "err", err)
				}
			}
			if u.e.onProgress != nil {
				u.e.onProgress(sent, total)
			}
		},
	})
	if err == nil {
		_ = bar.Finish()
	} else {
		_ = bar.Exit()
		if barVisible(u.stderr) {
			fmt.Fprintln(u.stderr) // end the bar's line before the log's
		}
	}
	return video, err
}

// warnIfChanged warns when the command line asks for other metadata than
// the upload being resumed was started with: the server keeps those.
func (u *uploader) warnIfChanged(ctx context.Context, v *peertube.NewVideo) {
	if v == nil {
		return
	}
	if v.Name != strings.TrimSpace(u.c.name) || v.ChannelID != u.c.channel || v.Privacy != u.c.privacy {
		u.log.WarnContext(ctx, "the upload being resumed was started with other metadata, which the server keeps",
			"name", v.Name, "channel", v.ChannelID, "privacy", int(v.Privacy))
	}
}

// videoType is the media type of a video or audio file named name, from
// its extension: the common formats PeerTube takes are known here, as
// the system's table (mime.TypeByExtension) often lacks them, or names
// .ts a translation file; others are asked of that table.
func videoType(name string) string {
	ext := strings.ToLower(filepath.Ext(name))
	switch ext {
	case ".mp4", ".m4v":
		return "video/mp4"
	case ".webm":
		return "video/webm"
	case ".mkv":
		return "video/x-matroska"
	case ".mov", ".qt":
		return "video/quicktime"
	case ".ogv":
		return "video/ogg"
	case ".avi":
		return "video/x-msvideo"
	case ".flv":
		return "video/x-flv"
	case ".mpg", ".mpeg":
		return "video/mpeg"
	case ".ts", ".mts", ".m2ts":
		return "video/mp2t"
	case ".3gp":
		return "video/3gpp"
	case ".wmv":
		return "video/x-ms-wmv"
	case ".mp3":
		return "audio/mpeg"
	case ".m4a":
		return "audio/mp4"
	case ".ogg":
		return "audio/ogg"
	case ".wav":
		return "audio/wav"
	case ".flac":
		return "audio/flac"
	}
	t, _, _ := mime.ParseMediaType(mime.TypeByExtension(ext))
	if strings.HasPrefix(t, "video/") || strings.HasPrefix(t, "audio/") {
		return t
	}
	return ""
}

// barVisible reports whether w is a terminal to draw a progress bar on.
func barVisible(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// newBar returns a progress bar of size bytes drawn on w, or an
// invisible one when w is not a terminal.
func newBar(w io.Writer, size int64) *progressbar.ProgressBar {
	return progressbar.NewOptions64(size,
		progressbar.OptionSetVisibility(barVisible(w)),
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription("uploading"),
		progressbar.OptionShowBytes(true),
		progressbar.OptionShowTotalBytes(true),
		progressbar.OptionShowCount(),
		progressbar.OptionUseIECUnits(true),
		progressbar.OptionSetWidth(40),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionOnCompletion(func() { fmt.Fprintln(w) }),
	)
}

// readLine reads one line of r, trimmed, or gives up when ctx ends.
func readLine(ctx context.Context, r io.Reader) (string, error) {
	type result struct {
		line string
		err  error
	}
	ch := make(chan result, 1)
	go func() {
		line, err := bufio.NewReader(r).ReadString('\n')
		if errors.Is(err, io.EOF) && line != "" {
			err = nil
		}
		ch <- result{strings.TrimSpace(line), err}
	}()
	select {
	case res := <-ch:
		return res.line, res.err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}
