// Package mastodon is a client for the Mastodon REST API (version 4.5)
// and for servers that speak it: GoToSocial, Pleroma, Akkoma.
//
// Entities are this package's own JSON types. They carry every field the
// Mastodon documentation lists and tolerate what other servers send:
// numeric IDs ([ID]), dates with or without a time of day ([Date]),
// missing fields, and Pleroma's extension objects, kept raw.
package mastodon
