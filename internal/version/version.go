// Package version holds the version of the fedikit module.
package version

// Version is the version of the fedikit module. It is sent in the
// User-Agent of every request fedikit makes, and is bumped when a release
// is tagged; between releases it carries a "-dev" suffix.
const Version = "0.1.0-dev"
