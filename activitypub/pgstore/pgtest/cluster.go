package pgtest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// debianGlob matches the directories where Debian and Ubuntu install the
// server programs, one per major version.
const debianGlob = "/usr/lib/postgresql/*/bin"

// superuser is the role initdb creates; trust authentication lets it in
// without a password.
const superuser = "fedikit"

// binaries holds the paths of the PostgreSQL programs a cluster needs.
type binaries struct {
	initdb, postgres string
}

// findBinaries looks for initdb and postgres in the directories of path (a
// PATH value), then in the directories matching glob, the highest version
// first. The postgres it returns is the one beside initdb when there is one,
// so that both come from the same version.
func findBinaries(path, glob string) (binaries, error) {
	if initdb := lookIn(filepath.SplitList(path), "initdb"); initdb != "" {
		dirs := []string{filepath.Dir(initdb)}
		if real, err := filepath.EvalSymlinks(initdb); err == nil {
			dirs = append([]string{filepath.Dir(real)}, dirs...)
		}
		postgres := lookIn(dirs, "postgres")
		if postgres == "" {
			postgres = lookIn(filepath.SplitList(path), "postgres")
		}
		if postgres != "" {
			return binaries{initdb: initdb, postgres: postgres}, nil
		}
	}

	dirs, _ := filepath.Glob(glob) // the only possible error is a bad pattern
	slices.SortFunc(dirs, func(a, b string) int {
		// …/15/bin before …/9.6/bin
		return compareVersions(filepath.Base(filepath.Dir(b)), filepath.Base(filepath.Dir(a)))
	})
	for _, dir := range dirs {
		initdb, postgres := lookIn([]string{dir}, "initdb"), lookIn([]string{dir}, "postgres")
		if initdb != "" && postgres != "" {
			return binaries{initdb: initdb, postgres: postgres}, nil
		}
	}
	return binaries{}, fmt.Errorf("the PostgreSQL server programs (initdb, postgres) are neither on PATH nor in %s", glob)
}

// lookIn returns the path of the first executable file called name in dirs,
// or "".
func lookIn(dirs []string, name string) string {
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	for _, dir := range dirs {
		if dir == "" {
			continue // the current directory: not a place to find a server
		}
		p := filepath.Join(dir, name)
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() && (runtime.GOOS == "windows" || fi.Mode()&0o111 != 0) {
			return p
		}
	}
	return ""
}

// compareVersions compares two version numbers such as "9.6" and "15"
// part by part, numerically. A part that is not a number sorts first.
func compareVersions(a, b string) int {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := range max(len(as), len(bs)) {
		x, y := -1, -1
		if i < len(as) {
			if n, err := strconv.Atoi(as[i]); err == nil {
				x = n
			}
		}
		if i < len(bs) {
			if n, err := strconv.Atoi(bs[i]); err == nil {
				y = n
			}
		}
		if x != y {
			return x - y
		}
	}
	return 0
}

// owner is the user a cluster runs as when the tests run as root.
type owner struct {
	name     string
	uid, gid uint32
}

// serverOwner returns the user to run PostgreSQL as in place of root:
// "postgres", or "nobody" when there is no such user.
func serverOwner() (*owner, error) {
	for _, name := range []string{"postgres", "nobody"} {
		u, err := user.Lookup(name)
		if err != nil {
			continue
		}
		uid, err1 := strconv.ParseUint(u.Uid, 10, 32)
		gid, err2 := strconv.ParseUint(u.Gid, 10, 32)
		if err1 != nil || err2 != nil {
			continue
		}
		return &owner{name: name, uid: uint32(uid), gid: uint32(gid)}, nil
	}
	return nil, errors.New("running as root, and there is no user postgres or nobody to run PostgreSQL as")
}

// cluster is a throwaway PostgreSQL server: its data directory, socket and
// log live in one temporary directory.
type cluster struct {
	dir  string // the temporary directory
	url  string // connection string of the maintenance database
	proc *os.Process

	exited chan struct{} // closed when the server process has exited

	stopOnce sync.Once
	stopErr  error
}

// errPortTaken means the server could not listen on the port it was given:
// another process took it after freePort chose it.
var errPortTaken = errors.New("the port is taken")

// startCluster creates and starts a throwaway cluster with the programs of
// bins. It writes what it runs and their output to log, and on failure the
// end of the server log too.
func startCluster(bins binaries, log io.Writer) (*cluster, error) {
	dir, err := os.MkdirTemp("", "fedikit-pgtest-")
	if err != nil {
		return nil, err
	}
	started := false
	defer func() {
		if !started {
			os.RemoveAll(dir)
		}
	}()

	var as *owner
	if os.Geteuid() == 0 {
		if as, err = serverOwner(); err != nil {
			return nil, err
		}
		if err := os.Chown(dir, int(as.uid), int(as.gid)); err != nil {
			return nil, err
		}
		fmt.Fprintf(log, "running as root: PostgreSQL runs as user %s\n", as.name)
	}

	data := filepath.Join(dir, "data")
	initdb := exec.Command(bins.initdb, "--pgdata="+data, "--username="+superuser, "--auth=trust",
		"--encoding=UTF8", "--locale=C", "--no-sync")
	initdb.Dir = dir // the caller's directory may be closed to the server's user
	initdb.Env = serverEnv()
	initdb.SysProcAttr = procAttr(as, false)
	fmt.Fprintf(log, "$ %s\n", strings.Join(initdb.Args, " "))
	out, err := initdb.CombinedOutput()
	log.Write(out)
	if err != nil {
		return nil, fmt.Errorf("initdb: %w", err)
	}

	for attempt := 1; ; attempt++ {
		c, err := startServer(bins.postgres, dir, as, log)
		if err == nil {
			started = true
			return c, nil
		}
		if attempt == 3 || !errors.Is(err, errPortTaken) {
			return nil, err
		}
	}
}

// startServer starts postgres on the data directory in dir, listening on a
// free port of 127.0.0.1 and on a socket in dir, and waits until it accepts
// connections.
func startServer(postgres, dir string, as *owner, log io.Writer) (*cluster, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	logPath := filepath.Join(dir, "server.log")
	logFile, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, err
	}
	defer logFile.Close() // the server has its own copy

	cmd := exec.Command(postgres,
		"-D", filepath.Join(dir, "data"),
		"-p", strconv.Itoa(port),
		"-c", "listen_addresses=127.0.0.1",
		"-c", "unix_socket_directories="+dir,
		"-c", "max_connections=300",
		// A crash loses the cluster, which nobody keeps anyway.
		"-c", "fsync=off",
		"-c", "synchronous_commit=off",
		"-c", "full_page_writes=off",
	)
	cmd.Dir = dir
	cmd.Env = serverEnv()
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.SysProcAttr = procAttr(as, true)
	fmt.Fprintf(log, "$ %s\n", strings.Join(cmd.Args, " "))

	c := &cluster{
		dir:    dir,
		url:    fmt.Sprintf("postgres://%s@127.0.0.1:%d/postgres?sslmode=disable", superuser, port),
		exited: make(chan struct{}),
	}
	startErr := make(chan error, 1)
	go func() {
		// On Linux the server gets a signal when the thread that started
		// it ends (procAttr), not only the process: keep this thread for
		// the server's lifetime.
		runtime.LockOSThread()
		if err := cmd.Start(); err != nil {
			startErr <- err
			return
		}
		startErr <- nil
		cmd.Wait()
		close(c.exited)
	}()
	if err := <-startErr; err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	c.proc = cmd.Process

	if err := c.waitReady(time.Minute); err != nil {
		c.shutdown()
		tail := logTail(logPath, 40)
		fmt.Fprintf(log, "--- end of the server log:\n%s", tail)
		if bytes.Contains(tail, []byte("already in use")) {
			return nil, fmt.Errorf("postgres on port %d: %w", port, errPortTaken)
		}
		return nil, err
	}
	return c, nil
}

// waitReady waits until the server accepts connections, exits, or the
// timeout passes.
func (c *cluster) waitReady(timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		conn, err := pgconn.Connect(ctx, c.url)
		if err == nil {
			conn.Close(ctx)
			cancel()
			return nil
		}
		cancel()
		if time.Now().After(deadline) {
			return fmt.Errorf("postgres did not accept connections within %v: %w", timeout, err)
		}
		select {
		case <-c.exited:
			return errors.New("postgres exited")
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// stop shuts the server down and removes its directory. Only the first call
// does anything; every call returns its result.
func (c *cluster) stop() error {
	c.stopOnce.Do(func() {
		c.stopErr = c.shutdown()
		if err := os.RemoveAll(c.dir); err != nil && c.stopErr == nil {
			c.stopErr = err
		}
	})
	return c.stopErr
}

// shutdown asks the server for a fast shutdown (connections are closed,
// transactions rolled back), then for an immediate one, then kills it.
func (c *cluster) shutdown() error {
	steps := []struct {
		signal func(*os.Process) error
		wait   time.Duration
	}{
		{fastShutdown, 30 * time.Second},
		{immediateShutdown, 10 * time.Second},
		{(*os.Process).Kill, 10 * time.Second},
	}
	for _, step := range steps {
		select {
		case <-c.exited:
			return nil
		default:
		}
		step.signal(c.proc) // fails only when the process is gone
		select {
		case <-c.exited:
			return nil
		case <-time.After(step.wait):
		}
	}
	return fmt.Errorf("postgres (pid %d) did not exit", c.proc.Pid)
}

// freePort returns a TCP port of 127.0.0.1 that nothing listens on now.
func freePort() (int, error) {
	l, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// serverEnv returns the environment for initdb and postgres: the test's, in
// the C locale and UTC, so that messages, sorting and times do not depend on
// the machine (and initdb need not search for the local time zone).
func serverEnv() []string {
	return append(os.Environ(), "LC_ALL=C", "TZ=UTC")
}

// logTail returns the last n lines of the file at path.
func logTail(path string, n int) []byte {
	b, err := os.ReadFile(path)
	if err != nil {
		return []byte(err.Error() + "\n")
	}
	lines := bytes.SplitAfter(b, []byte("\n"))
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return bytes.Join(lines, nil)
}
