package mastodon

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// moreExample is one example file under testdata (see
// testdata/docs/SOURCE-more) and the check run on it once decoded.
type moreExample struct {
	file string
	run  func(t *testing.T, path string)
}

// moreCase decodes file into a T, strictly, then runs check on it.
func moreCase[T any](file string, check func(t *testing.T, v *T)) moreExample {
	return moreCaseEdited(file, nil, check)
}

// moreCaseEdited is moreCase with the file's bytes passed through edit
// first.
func moreCaseEdited[T any](file string, edit func(t *testing.T, b []byte) []byte, check func(t *testing.T, v *T)) moreExample {
	return moreExample{file: file, run: func(t *testing.T, path string) {
		t.Helper()
		b, err := os.ReadFile(path)
		require.NoError(t, err)
		if edit != nil {
			b = edit(t, b)
		}
		var v T
		moreDecodeStrict(t, path, b, &v)
		if check != nil {
			check(t, &v)
		}
	}}
}

// moreDecodeStrict decodes b, read from path, into v and fails the test
// if b holds a field v has no place for, or anything after the value.
func moreDecodeStrict(t *testing.T, path string, b []byte, v any) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	require.NoError(t, dec.Decode(v), "decoding %s", path)
	_, err := dec.Token()
	require.ErrorIs(t, err, io.EOF, "data after the value in %s", path)
}

// moreDropRawRole removes "role" from an Admin::Account, or from each in
// an array, where it has the shape Mastodon 4.0 sent by mistake: the
// database row of the role, with a numeric id and permissions and with
// position, created_at and updated_at (fixed in 4.1 by
// mastodon/mastodon#23290; the documentation still shows it). [Role]
// reads the serialized form only, so the rest of the account is checked
// without it.
func moreDropRawRole(t *testing.T, b []byte) []byte {
	t.Helper()
	drop := func(raw json.RawMessage) json.RawMessage {
		var acct map[string]json.RawMessage
		require.NoError(t, json.Unmarshal(raw, &acct))
		var role map[string]json.RawMessage
		require.NoError(t, json.Unmarshal(acct["role"], &role))
		require.Contains(t, role, "position", "not the 4.0 role shape")
		delete(acct, "role")
		out, err := json.Marshal(acct)
		require.NoError(t, err)
		return out
	}
	if bytes.HasPrefix(bytes.TrimSpace(b), []byte("[")) {
		var list []json.RawMessage
		require.NoError(t, json.Unmarshal(b, &list))
		for i := range list {
			list[i] = drop(list[i])
		}
		out, err := json.Marshal(list)
		require.NoError(t, err)
		return out
	}
	return drop(b)
}

// moreTime parses an RFC 3339 timestamp for comparisons.
func moreTime(t *testing.T, s string) time.Time {
	t.Helper()
	tm, err := time.Parse(time.RFC3339Nano, s)
	require.NoError(t, err)
	return tm
}

// Wrappers some endpoints put around an entity. The client unwraps them;
// the tests only need their shape.
type (
	moreAsyncRefreshBody struct {
		AsyncRefresh AsyncRefresh `json:"async_refresh"`
	}
	moreWrappedCollection struct {
		Collection Collection `json:"collection"`
	}
	moreWrappedCollectionItem struct {
		CollectionItem CollectionItem `json:"collection_item"`
	}
	moreAnnualReportStateBody struct {
		State AnnualReportState `json:"state"`
	}
)

func TestMoreDocsExamples(t *testing.T) {
	t.Parallel()
	// Left out: the {} bodies of endpoints that return nothing; the
	// Keybase proof document of GET /api/proofs (method_proofs_get), which
	// no entity describes; and partial/method_collections_get_collections
	// and _in_collections, whose key the documentation misspells
	// ("collections:").
	examples := []moreExample{
		// Admin::Account
		moreCaseEdited("docs/entity_Admin_Account_01.json", moreDropRawRole, func(t *testing.T, a *AdminAccount) {
			assert.Equal(t, ID("108965278956942133"), a.ID)
			assert.Empty(t, a.Domain)
			assert.Equal(t, moreTime(t, "2022-09-08T23:03:26.762Z"), a.CreatedAt)
			assert.Equal(t, IPAddress("192.168.42.1"), a.IP)
			assert.True(t, a.Sensitized)
			assert.Empty(t, a.Locale)
			require.Len(t, a.IPs, 1)
			assert.Equal(t, moreTime(t, "2022-09-15T01:38:58.851Z"), a.IPs[0].UsedAt)
			require.NotNil(t, a.Account)
			assert.Equal(t, "admin", a.Account.Acct)
		}),
		moreCaseEdited("docs/method_admin_accounts_delete_200_01.json", moreDropRawRole, func(t *testing.T, a *AdminAccount) {
			// Mastodon 3.5 sent an Admin::Ip object as "ip".
			assert.Equal(t, IPAddress("192.168.42.1"), a.IP)
			assert.True(t, a.Suspended)
			assert.Equal(t, "this is a compelling reason", a.InviteRequest)
		}),
		moreCaseEdited("docs/method_admin_accounts_reject_200_01.json", moreDropRawRole, func(t *testing.T, a *AdminAccount) {
			assert.Equal(t, ID("108965436418975594"), a.ID)
			assert.Empty(t, a.IP)
		}),
		moreCase[AdminAccount]("docs/partial/method_admin_accounts_approve_200_01.json", nil),
		moreCase[AdminAccount]("docs/partial/method_admin_accounts_enable_200_01.json", nil),
		moreCaseEdited[AdminAccount]("docs/partial/method_admin_accounts_get-one_200_01.json", moreDropRawRole, nil),
		moreCase[AdminAccount]("docs/partial/method_admin_accounts_unsensitive_200_01.json", nil),
		moreCase[AdminAccount]("docs/partial/method_admin_accounts_unsilence_200_01.json", nil),
		moreCase[AdminAccount]("docs/partial/method_admin_accounts_unsuspend_200_01.json", nil),
		moreCaseEdited[[]AdminAccount]("docs/partial/method_admin_accounts_v2_200_01.json", moreDropRawRole, nil),
		// Not copied: partial/method_admin_accounts_v1_200_01.json, from
		// before Mastodon 4.0, when "role" was a bare string.
		moreCase("gotosocial/mastodon-admin-accounts-v2.json", func(t *testing.T, as *[]AdminAccount) {
			require.Len(t, *as, 4)
			admin := (*as)[3]
			assert.Equal(t, "gtsadmin", admin.Username)
			require.NotNil(t, admin.Role)
			assert.Equal(t, ID("admin"), admin.Role.ID)
			assert.True(t, admin.Role.Has(PermissionManageReports))
			alice := (*as)[0]
			assert.Equal(t, ID("01M8A7Z0GQVN1Y795HSGRVP5H7"), alice.CreatedByApplicationID)
			assert.Empty(t, alice.IP)
			assert.Empty(t, alice.IPs)
			require.NotNil(t, alice.Account)
			assert.Equal(t, "Alice Interop", alice.Account.DisplayName)
		}),

		// Admin::CanonicalEmailBlock
		moreCase("docs/entity_Admin_CanonicalEmailBlock_01.json", func(t *testing.T, b *AdminCanonicalEmailBlock) {
			assert.Equal(t, ID("2"), b.ID)
			assert.Len(t, b.CanonicalEmailHash, 64)
		}),
		moreCase[AdminCanonicalEmailBlock]("docs/method_admin_canonical_email_blocks_create_200_01.json", nil),
		moreCase[AdminCanonicalEmailBlock]("docs/method_admin_canonical_email_blocks_get-one_200_01.json", nil),
		moreCase[[]AdminCanonicalEmailBlock]("docs/method_admin_canonical_email_blocks_test_200_01.json", nil),
		moreCase[[]AdminCanonicalEmailBlock]("docs/partial/method_admin_canonical_email_blocks_get_200_01.json", nil),

		// Admin::Cohort
		moreCase("docs/entity_Admin_Cohort_01.json", func(t *testing.T, c *AdminCohort) {
			assert.Equal(t, moreTime(t, "2022-09-01T00:00:00Z"), c.Period.UTC())
			assert.Equal(t, AdminCohortMonth, c.Frequency)
			require.Len(t, c.Data, 1)
			assert.InDelta(t, 1.0, c.Data[0].Rate, 1e-9)
			assert.Equal(t, StringInt(2), c.Data[0].Value)
		}),
		moreCase("docs/entity_Admin_Cohort_02.json", func(t *testing.T, c *AdminCohort) {
			assert.Equal(t, AdminCohortDay, c.Frequency)
			require.Len(t, c.Data, 7)
			assert.InDelta(t, 0.5, c.Data[2].Rate, 1e-9)
			assert.Equal(t, StringInt(1), c.Data[2].Value)
		}),
		moreCase("docs/method_admin_retention_create_200_01.json", func(t *testing.T, cs *[]AdminCohort) {
			require.Len(t, *cs, 1)
		}),
		moreCase("docs/method_admin_retention_create_200_03.json", func(t *testing.T, cs *[]AdminCohort) {
			assert.Empty(t, *cs)
		}),
		moreCase("docs/partial/method_admin_retention_create_200_02.json", func(t *testing.T, cs *[]AdminCohort) {
			require.Len(t, *cs, 4)
			assert.Equal(t, moreTime(t, "2022-09-09T00:00:00Z"), (*cs)[1].Period.UTC())
		}),

		// Admin::Dimension
		moreCase("docs/entity_Admin_Dimension_04.json", func(t *testing.T, d *AdminDimension) {
			assert.Equal(t, AdminDimensionSpaceUsage, d.Key)
			require.NotEmpty(t, d.Data)
			assert.Equal(t, AdminDimensionData{
				Key: "postgresql", HumanKey: "PostgreSQL", Value: "14924935",
				Unit: "bytes", HumanValue: "14.2 MB",
			}, d.Data[0])
		}),
		moreCase("docs/entity_Admin_Dimension_05.json", func(t *testing.T, d *AdminDimension) {
			assert.Equal(t, AdminDimensionSoftwareVersions, d.Key)
			require.NotEmpty(t, d.Data)
			assert.Equal(t, "3.5.3", d.Data[0].Value)
		}),
		moreCase[AdminDimension]("docs/entity_Admin_Dimension_06.json", nil),
		moreCase[AdminDimension]("docs/partial/entity_Admin_Dimension_01.json", nil),
		moreCase[AdminDimension]("docs/partial/entity_Admin_Dimension_02.json", nil),
		moreCase[AdminDimension]("docs/partial/entity_Admin_Dimension_03.json", nil),
		moreCase[AdminDimension]("docs/partial/entity_Admin_Dimension_07.json", nil),
		moreCase[AdminDimension]("docs/partial/entity_Admin_Dimension_08.json", nil),
		moreCase[AdminDimension]("docs/partial/entity_Admin_Dimension_09.json", nil),
		moreCase("docs/method_admin_dimensions_get_200_01.json", func(t *testing.T, ds *[]AdminDimension) {
			require.NotEmpty(t, *ds)
			assert.Equal(t, AdminDimensionLanguages, (*ds)[0].Key)
		}),

		// Admin::DomainAllow
		moreCase("docs/entity_Admin_DomainAllow_01.json", func(t *testing.T, d *AdminDomainAllow) {
			assert.Equal(t, "mastodon.social", d.Domain)
			assert.Equal(t, moreTime(t, "2022-09-14T21:23:02.755Z"), d.CreatedAt)
		}),
		moreCase[AdminDomainAllow]("docs/method_admin_domain_allows_create_200_01.json", nil),
		moreCase[AdminDomainAllow]("docs/method_admin_domain_allows_delete_200_01.json", nil),
		moreCase[AdminDomainAllow]("docs/method_admin_domain_allows_get-one_200_01.json", nil),
		moreCase("docs/method_admin_domain_allows_get_200_01.json", func(t *testing.T, ds *[]AdminDomainAllow) {
			assert.Len(t, *ds, 2)
		}),

		// Admin::DomainBlock
		moreCase("docs/entity_Admin_DomainBlock_01.json", func(t *testing.T, d *AdminDomainBlock) {
			assert.Equal(t, AdminDomainBlockNoop, d.Severity)
			assert.Len(t, d.Digest, 64)
			assert.Empty(t, d.PrivateComment)
			assert.False(t, d.Obfuscate)
		}),
		moreCase[AdminDomainBlock]("docs/method_admin_domain_blocks_create_200_01.json", nil),
		moreCase[AdminDomainBlock]("docs/method_admin_domain_blocks_get-one_200_01.json", nil),
		moreCase[AdminDomainBlock]("docs/method_admin_domain_blocks_update_200_01.json", nil),
		moreCase[[]AdminDomainBlock]("docs/partial/method_admin_domain_blocks_get_200_01.json", nil),

		// Admin::EmailDomainBlock
		moreCase("docs/entity_Admin_EmailDomainBlock_01.json", func(t *testing.T, b *AdminEmailDomainBlock) {
			assert.Equal(t, "foo", b.Domain)
			require.Len(t, b.History, 7)
			assert.Equal(t, moreTime(t, "2022-11-16T00:00:00Z"), b.History[0].Time())
			assert.Equal(t, StringInt(0), b.History[0].Accounts)
		}),
		moreCase[AdminEmailDomainBlock]("docs/method_admin_email_domain_blocks_create_200_01.json", nil),
		moreCase[AdminEmailDomainBlock]("docs/method_admin_email_domain_blocks_get-one_200_01.json", nil),
		moreCase[[]AdminEmailDomainBlock]("docs/partial/method_admin_email_domain_blocks_get_200_01.json", nil),

		// Admin::Ip and Admin::IpBlock
		moreCase("docs/entity_Admin_Ip_01.json", func(t *testing.T, ip *AdminIP) {
			assert.Equal(t, "192.168.42.1", ip.IP)
			assert.Equal(t, moreTime(t, "2022-09-15T01:38:58.851Z"), ip.UsedAt)
		}),
		moreCase("docs/entity_Admin_IpBlock_01.json", func(t *testing.T, b *AdminIPBlock) {
			assert.Equal(t, "8.8.8.8/32", b.IP)
			assert.Equal(t, AdminIPBlockNoAccess, b.Severity)
			assert.Nil(t, b.ExpiresAt)
		}),
		moreCase[AdminIPBlock]("docs/method_admin_ip_blocks_create_200_01.json", nil),
		moreCase[AdminIPBlock]("docs/method_admin_ip_blocks_get-one_200_01.json", nil),
		moreCase[AdminIPBlock]("docs/method_admin_ip_blocks_update_200_01.json", nil),
		moreCase[[]AdminIPBlock]("docs/partial/method_admin_ip_blocks_get_200_01.json", nil),

		// Admin::Measure
		moreCase("docs/entity_Admin_Measure_01.json", func(t *testing.T, m *AdminMeasure) {
			assert.Equal(t, AdminMeasureActiveUsers, m.Key)
			assert.Empty(t, m.Unit)
			assert.Equal(t, StringInt(2), m.Total)
			assert.Equal(t, StringInt(0), m.PreviousTotal)
			require.NotEmpty(t, m.Data)
			assert.Equal(t, Date{2022, time.September, 14}, m.Data[0].Date)
			assert.Equal(t, StringInt(1), m.Data[3].Value)
		}),
		moreCase("docs/entity_Admin_Measure_02.json", func(t *testing.T, m *AdminMeasure) {
			// Dates with a zero offset and milliseconds.
			assert.Equal(t, Date{2022, time.September, 14}, m.Data[0].Date)
		}),
		moreCase[AdminMeasure]("docs/entity_Admin_Measure_03.json", nil),
		moreCase[AdminMeasure]("docs/entity_Admin_Measure_04.json", nil),
		moreCase[AdminMeasure]("docs/entity_Admin_Measure_05.json", nil),
		moreCase[AdminMeasure]("docs/entity_Admin_Measure_06.json", nil),
		moreCase[AdminMeasure]("docs/entity_Admin_Measure_07.json", nil),
		moreCase[AdminMeasure]("docs/entity_Admin_Measure_08.json", nil),
		moreCase[AdminMeasure]("docs/entity_Admin_Measure_09.json", nil),
		moreCase("docs/entity_Admin_Measure_10.json", func(t *testing.T, m *AdminMeasure) {
			assert.Equal(t, AdminMeasureInstanceMediaAttachments, m.Key)
			assert.Equal(t, "bytes", m.Unit)
			assert.Equal(t, "0 Bytes", m.HumanValue)
			require.NotEmpty(t, m.Data)
			assert.Equal(t, StringInt(0), m.Data[0].Value) // sent as ""
		}),
		moreCase[AdminMeasure]("docs/entity_Admin_Measure_11.json", nil),
		moreCase[AdminMeasure]("docs/entity_Admin_Measure_12.json", nil),
		moreCase[AdminMeasure]("docs/entity_Admin_Measure_13.json", nil),
		moreCase[AdminMeasure]("docs/entity_Admin_Measure_14.json", nil),
		moreCase("docs/partial/method_admin_measures_get_200_01.json", func(t *testing.T, ms *[]AdminMeasure) {
			assert.Len(t, *ms, 14)
		}),

		// Admin::Report
		moreCase("docs/partial/entity_Admin_Report_01.json", func(t *testing.T, r *AdminReport) {
			assert.Equal(t, ReportSpam, r.Category)
			require.NotNil(t, r.Account)
			assert.Equal(t, "admin@mastodon.local", r.Account.Email)
			require.NotNil(t, r.TargetAccount)
			require.NotNil(t, r.TargetAccount.Account)
			assert.Equal(t, "goody", r.TargetAccount.Account.Acct)
			assert.Nil(t, r.AssignedAccount)
			assert.Nil(t, r.ActionTakenAt)
		}),
		moreCase("docs/partial/method_admin_reports_get-one_200_01.json", func(t *testing.T, r *AdminReport) {
			require.NotNil(t, r.ActionTakenAt)
			assert.Equal(t, moreTime(t, "2022-09-09T21:38:54.679Z"), *r.ActionTakenAt)
			require.NotNil(t, r.ActionTakenByAccount)
			assert.Equal(t, "admin", r.ActionTakenByAccount.Username)
		}),
		moreCase[[]AdminReport]("docs/partial/method_admin_reports_get_200_01.json", nil),
		moreCase[AdminReport]("docs/partial/method_admin_reports_assign_to_self_200_01.json", nil),
		moreCase[AdminReport]("docs/partial/method_admin_reports_reopen_200_01.json", nil),
		moreCase[AdminReport]("docs/partial/method_admin_reports_resolve_200_01.json", nil),
		moreCase[AdminReport]("docs/partial/method_admin_reports_unassign_200_01.json", nil),
		moreCase[AdminReport]("docs/partial/method_admin_reports_update_200_01.json", nil),

		// Admin trends
		moreCase("docs/partial/method_admin_trends_links_200_01.json", func(t *testing.T, ls *[]TrendsLink) {
			require.NotEmpty(t, *ls)
			require.Len(t, (*ls)[0].History, 7)
			assert.Equal(t, StringInt(9), (*ls)[0].History[0].Uses)
		}),
		moreCase("docs/partial/method_admin_trends_tags_200_01.json", func(t *testing.T, ts *[]AdminTag) {
			require.Len(t, *ts, 1)
			tag := (*ts)[0]
			assert.Equal(t, ID("802"), tag.ID)
			assert.True(t, tag.Trendable)
			assert.True(t, tag.Usable)
			assert.False(t, tag.RequiresReview)
			assert.Equal(t, StringInt(171), tag.History[1].Uses)
		}),
		moreCase[[]*Status]("docs/partial/method_admin_trends_statuses_200_01.json", nil),

		// Announcement and Reaction
		moreCase("docs/entity_Announcement_01.json", func(t *testing.T, a *Announcement) {
			assert.Equal(t, ID("8"), a.ID)
			assert.Nil(t, a.StartsAt)
			assert.Nil(t, a.EndsAt)
			assert.Equal(t, moreTime(t, "2020-07-03T01:27:38.726Z"), a.PublishedAt)
			assert.True(t, a.Read)
			require.NotEmpty(t, a.Reactions)
			assert.Equal(t, "bongoCat", a.Reactions[0].Name)
			assert.Equal(t, 9, a.Reactions[0].Count)
		}),
		moreCase("docs/method_announcements_get_200_01.json", func(t *testing.T, as *[]Announcement) {
			assert.Len(t, *as, 1)
		}),
		moreCase("docs/entity_Reaction_01.json", func(t *testing.T, rs *[]Reaction) {
			require.Len(t, *rs, 2)
			assert.NotEmpty(t, (*rs)[0].StaticURL)
			assert.Equal(t, "🤔", (*rs)[1].Name)
			assert.True(t, (*rs)[1].Me)
			assert.Empty(t, (*rs)[1].URL)
		}),

		// AnnualReport
		moreCase("docs/entity_AnnualReport_01.json", func(t *testing.T, r *AnnualReport) {
			assert.Equal(t, 2025, r.Year)
			assert.Equal(t, 2, r.SchemaVersion)
			assert.Equal(t, ID("55911"), r.AccountID)
			assert.Equal(t, "https://example.com/@Foobar/wrapstodon/2025/7fa0231c0f206390", r.ShareURL)
			var data struct {
				Archetype string `json:"archetype"`
			}
			require.NoError(t, json.Unmarshal(r.Data, &data))
			assert.Equal(t, "oracle", data.Archetype)
		}),
		moreCase("docs/method_annual_reports_get-state_200_01.json", func(t *testing.T, b *moreAnnualReportStateBody) {
			assert.Equal(t, AnnualReportAvailable, b.State)
		}),

		// AsyncRefresh
		moreCase("docs/entity_AsyncRefresh_01.json", func(t *testing.T, b *moreAsyncRefreshBody) {
			assert.Equal(t, AsyncRefreshRunning, b.AsyncRefresh.Status)
			require.NotNil(t, b.AsyncRefresh.ResultCount)
			assert.Equal(t, 2, *b.AsyncRefresh.ResultCount)
		}),
		moreCase[moreAsyncRefreshBody]("docs/method_async_refreshes_response_200_01.json", nil),

		// Collection, CollectionItem, CollectionWithAccounts
		moreCase("docs/entity_Collection_01.json", func(t *testing.T, c *Collection) {
			assert.Equal(t, ID("116131056935959117"), c.ID)
			assert.Equal(t, ID("113668893442515793"), c.AccountID)
			assert.Equal(t, "en", c.Language)
			require.NotNil(t, c.Tag)
			assert.Equal(t, "discovery", c.Tag.Name)
			assert.Equal(t, 2, c.ItemCount)
			require.Len(t, c.Items, 2)
			assert.Equal(t, CollectionItemAccepted, c.Items[0].State)
			assert.Equal(t, CollectionItemPending, c.Items[1].State)
			assert.Equal(t, moreTime(t, "2026-02-25T11:37:38.182Z"), c.UpdatedAt)
		}),
		moreCase[moreWrappedCollection]("docs/partial/entity_Collection_02.json", nil),
		moreCase("docs/entity_CollectionItem_01.json", func(t *testing.T, it *CollectionItem) {
			assert.Equal(t, ID("112658193342215767"), it.AccountID)
			assert.Equal(t, moreTime(t, "2026-02-25T11:35:01.394Z"), it.CreatedAt)
		}),
		moreCase[moreWrappedCollectionItem]("docs/entity_CollectionItem_02.json", nil),
		moreCase("docs/partial/entity_CollectionWithAccounts_01.json", func(t *testing.T, c *CollectionWithAccounts) {
			assert.Len(t, c.Accounts, 3)
			require.NotNil(t, c.Collection)
			assert.Equal(t, "Excellent people", c.Collection.Name)
		}),
		moreCase[moreWrappedCollection]("docs/partial/method_collections_create_200_01.json", nil),
		moreCase[moreWrappedCollection]("docs/partial/method_collections_update_collection_200_01.json", nil),
		moreCase[CollectionWithAccounts]("docs/partial/method_collections_get_collection_200_01.json", nil),
		moreCase("docs/partial/method_collections_add_account_200_01.json", func(t *testing.T, b *moreWrappedCollectionItem) {
			assert.Equal(t, ID("116151066915353115"), b.CollectionItem.ID)
		}),

		// Conversation
		moreCase("docs/partial/entity_Conversation_01.json", func(t *testing.T, c *Conversation) {
			assert.True(t, c.Unread)
			require.Len(t, c.Accounts, 1)
			assert.Equal(t, "amic@nulled.red", c.Accounts[0].Acct)
			require.NotNil(t, c.LastStatus)
			assert.Equal(t, ID("103196583826321184"), c.LastStatus.ID)
		}),
		moreCase[[]Conversation]("docs/partial/method_conversations_get_200_01.json", nil),
		moreCase[Conversation]("docs/partial/method_conversations_read_200_01.json", nil),

		// IdentityProof
		moreCase("docs/entity_IdentityProof_01.json", func(t *testing.T, p *IdentityProof) {
			assert.Equal(t, "Keybase", p.Provider)
			assert.Equal(t, moreTime(t, "2019-07-21T20:14:39.596Z"), p.UpdatedAt)
		}),
		moreCase[[]IdentityProof]("docs/method_accounts_identity_proofs_200_01.json", nil),

		// List
		moreCase("docs/entity_List_01.json", func(t *testing.T, l *List) {
			assert.Equal(t, List{ID: "12249", Title: "Friends", RepliesPolicy: ListRepliesList}, *l)
		}),
		moreCase("docs/method_lists_get_200_01.json", func(t *testing.T, ls *[]List) {
			require.Len(t, *ls, 2)
			assert.Equal(t, ListRepliesFollowed, (*ls)[0].RepliesPolicy)
			assert.True(t, (*ls)[1].Exclusive)
		}),
		moreCase[List]("docs/method_lists_get-one_200_01.json", nil),
		moreCase[List]("docs/method_lists_create_200_01.json", nil),
		moreCase[List]("docs/method_lists_update_200_01.json", nil),
		moreCase[[]List]("docs/method_accounts_lists_200_01.json", nil),
		moreCase[[]List]("docs/method_accounts_lists_200_02.json", nil),
		moreCase[[]*Account]("docs/partial/method_lists_accounts_200_01.json", nil),

		// Marker
		moreCase("docs/entity_Marker_01.json", func(t *testing.T, m *Marker) {
			assert.Equal(t, ID("103194548672408537"), m.LastReadID)
			assert.Equal(t, 462, m.Version)
		}),
		moreCase("docs/method_markers_get_200_01.json", func(t *testing.T, ms *Markers) {
			require.Len(t, *ms, 2)
			assert.Equal(t, ID("35098814"), (*ms)[MarkerNotifications].LastReadID)
			assert.Equal(t, 468, (*ms)[MarkerHome].Version)
			assert.Equal(t, moreTime(t, "2019-11-26T22:37:25.235Z"), (*ms)[MarkerHome].UpdatedAt)
		}),
		moreCase("docs/method_markers_create_200_01.json", func(t *testing.T, ms *Markers) {
			require.Len(t, *ms, 1)
			assert.Contains(t, *ms, MarkerHome)
		}),

		// Preferences
		moreCase("docs/entity_Preferences_01.json", func(t *testing.T, p *Preferences) {
			assert.Equal(t, Preferences{
				PostingDefaultVisibility: VisibilityPublic,
				ReadingExpandMedia:       ExpandMediaDefault,
			}, *p)
		}),
		moreCase("docs/method_preferences_get_200_01.json", func(t *testing.T, p *Preferences) {
			assert.Equal(t, VisibilityPublic, p.PostingDefaultVisibility)
			assert.Equal(t, QuotePolicyFollowers, p.PostingDefaultQuotePolicy)
			assert.Empty(t, p.PostingDefaultLanguage)
			assert.False(t, p.ReadingExpandSpoilers)
		}),

		// Trends::Link
		moreCase("docs/entity_PreviewCard_04.json", func(t *testing.T, l *TrendsLink) {
			assert.Equal(t, PreviewCardLink, l.Type)
			require.Len(t, l.History, 7)
			assert.Equal(t, StringInt(23), l.History[1].Accounts)
			assert.Equal(t, moreTime(t, "2022-08-30T00:00:00Z"), l.History[0].Time())
		}),
		moreCase[[]TrendsLink]("docs/partial/method_trends_links_200_01.json", nil),

		// Profile
		moreCase("docs/entity_Profile_01.json", func(t *testing.T, p *Profile) {
			assert.Equal(t, ID("116222600881276277"), p.ID)
			assert.Empty(t, p.Avatar)
			assert.Nil(t, p.HideCollections)
			require.NotNil(t, p.Discoverable)
			assert.True(t, *p.Discoverable)
			require.Len(t, p.Fields, 1)
			assert.Equal(t, "it/its", p.Fields[0].Value)
			assert.Nil(t, p.Fields[0].VerifiedAt)
			assert.Equal(t, []string{"articles.example.com"}, p.AttributionDomains)
			require.Len(t, p.FeaturedTags, 1)
			assert.Equal(t, "foo", p.FeaturedTags[0].Name)
		}),
		moreCase[Profile]("docs/method_profile_get-current-user-profile_200_01.json", nil),
		moreCase("docs/method_profile_delete-profile-avatar_200_01.json", func(t *testing.T, a *Account) {
			assert.Equal(t, "rob", a.Acct)
			require.NotNil(t, a.Source)
		}),
		moreCase[Account]("docs/method_profile_delete-profile-header_200_01.json", nil),

		// Report
		moreCase("docs/entity_Report_01.json", func(t *testing.T, r *Report) {
			assert.Equal(t, ID("48914"), r.ID)
			assert.Equal(t, ReportSpam, r.Category)
			assert.Nil(t, r.ActionTakenAt)
			assert.Equal(t, []ID{"108882889550545820"}, r.StatusIDs)
			assert.NotNil(t, r.CollectionIDs)
			assert.Empty(t, r.CollectionIDs)
			assert.Nil(t, r.RuleIDs)
			require.NotNil(t, r.TargetAccount)
			assert.Equal(t, "Baluke", r.TargetAccount.Acct)
		}),
		moreCase[Report]("docs/method_reports_post_200_01.json", nil),

		// Suggestion
		moreCase("docs/partial/entity_Suggestion_01.json", func(t *testing.T, s *Suggestion) {
			assert.Equal(t, SuggestionStaff, s.Source)
			require.NotNil(t, s.Account)
			assert.Equal(t, "alice", s.Account.Acct)
		}),
		moreCase("docs/partial/method_suggestions_v2_200_01.json", func(t *testing.T, ss *[]Suggestion) {
			require.Len(t, *ss, 2)
			assert.Equal(t, SuggestionGlobal, (*ss)[1].Source)
		}),
		moreCase[[]*Account]("docs/partial/method_suggestions_v1_200_01.json", nil),

		// V1::Filter
		moreCase("docs/entity_V1_Filter_01.json", func(t *testing.T, f *FilterV1) {
			assert.Equal(t, "test", f.Phrase)
			assert.Equal(t, []FilterContext{FilterHome, FilterNotifications, FilterPublic, FilterThread}, f.Context)
			require.NotNil(t, f.ExpiresAt)
			assert.Equal(t, moreTime(t, "2019-11-26T09:08:06.254Z"), *f.ExpiresAt)
			assert.True(t, f.Irreversible)
		}),
		moreCase[FilterV1]("docs/method_filters_create-v1_200_01.json", nil),
		moreCase[FilterV1]("docs/method_filters_get-one-v1_200_01.json", nil),
		moreCase[FilterV1]("docs/method_filters_update-v1_200_01.json", nil),
		moreCase[[]FilterV1]("docs/partial/method_filters_get-v1_200_01.json", nil),

		// WebPushSubscription
		moreCase("docs/entity_WebPushSubscription_01.json", func(t *testing.T, s *WebPushSubscription) {
			assert.Equal(t, ID("328183"), s.ID) // sent as a number
			assert.True(t, s.Standard)
			assert.Equal(t, WebPushAlerts{Mention: true}, s.Alerts)
			assert.NotEmpty(t, s.ServerKey)
		}),
		moreCase("docs/method_push_create_200_01.json", func(t *testing.T, s *WebPushSubscription) {
			assert.Equal(t, WebPushAlerts{Mention: true, Reblog: true, Follow: true, Favourite: true, Poll: true}, s.Alerts)
		}),
		moreCase[WebPushSubscription]("docs/method_push_get_200_01.json", nil),
		moreCase[WebPushSubscription]("docs/method_push_update_200_01.json", nil),
	}

	seen := map[string]bool{}
	for _, ex := range examples {
		require.False(t, seen[ex.file], "%s listed twice", ex.file)
		seen[ex.file] = true
		t.Run(ex.file, func(t *testing.T) {
			t.Parallel()
			ex.run(t, filepath.Join("testdata", filepath.FromSlash(ex.file)))
		})
	}
}

func TestMoreIPAddress(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want IPAddress
	}{
		{`"10.0.0.1"`, "10.0.0.1"},
		{`"2001:db8::1"`, "2001:db8::1"},
		{`null`, ""},
		{`{"user_id": 3, "ip": "192.168.42.1", "used_at": "2022-09-08T23:42:04.761Z"}`, "192.168.42.1"},
		{` {"ip": null} `, ""},
	}
	for _, tt := range tests {
		var got IPAddress
		require.NoError(t, json.Unmarshal([]byte(tt.in), &got), tt.in)
		assert.Equal(t, tt.want, got, tt.in)
	}
	for _, bad := range []string{`42`, `true`, `["10.0.0.1"]`, `{"ip": 1}`} {
		var got IPAddress
		assert.Error(t, json.Unmarshal([]byte(bad), &got), bad)
	}
	out, err := json.Marshal(AdminAccount{IP: "10.0.0.1"})
	require.NoError(t, err)
	assert.Contains(t, string(out), `"ip":"10.0.0.1"`)
}

func TestMoreMeasureToleratesNumbers(t *testing.T) {
	t.Parallel()
	// Other servers may send the counts as JSON numbers, and a date
	// without a time.
	in := `{"key":"new_users","unit":null,"total":12,"previous_total":"3",
		"data":[{"date":"2022-09-14","value":5},{"date":"2022-09-15T00:00:00Z","value":""}]}`
	var m AdminMeasure
	require.NoError(t, json.Unmarshal([]byte(in), &m))
	assert.Equal(t, StringInt(12), m.Total)
	assert.Equal(t, StringInt(3), m.PreviousTotal)
	require.Len(t, m.Data, 2)
	assert.Equal(t, AdminMeasureData{Date: Date{2022, time.September, 14}, Value: 5}, m.Data[0])
	assert.Equal(t, AdminMeasureData{Date: Date{2022, time.September, 15}}, m.Data[1])

	out, err := json.Marshal(m)
	require.NoError(t, err)
	assert.Contains(t, string(out), `"total":"12"`)
	assert.Contains(t, string(out), `"date":"2022-09-14","value":"5"`)
}

func TestMorePreferencesRoundTrip(t *testing.T) {
	t.Parallel()
	p := Preferences{
		PostingDefaultVisibility:  VisibilityPrivate,
		PostingDefaultSensitive:   true,
		PostingDefaultLanguage:    "de",
		PostingDefaultQuotePolicy: QuotePolicyNobody,
		ReadingExpandMedia:        ExpandMediaHideAll,
		ReadingExpandSpoilers:     true,
	}
	out, err := json.Marshal(p)
	require.NoError(t, err)
	var keys map[string]any
	require.NoError(t, json.Unmarshal(out, &keys))
	assert.Equal(t, map[string]any{
		"posting:default:visibility":   "private",
		"posting:default:sensitive":    true,
		"posting:default:language":     "de",
		"posting:default:quote_policy": "nobody",
		"reading:expand:media":         "hide_all",
		"reading:expand:spoilers":      true,
	}, keys)
	var back Preferences
	require.NoError(t, json.Unmarshal(out, &back))
	assert.Equal(t, p, back)
}

func TestMoreWrappedAnnualReports(t *testing.T) {
	t.Parallel()
	// The documentation's WrappedAnnualReports examples hold comments in
	// place of the accounts and statuses; build one from the report
	// example instead.
	report, err := os.ReadFile(filepath.Join("testdata", "docs", "entity_AnnualReport_01.json"))
	require.NoError(t, err)
	body := `{"annual_reports":[` + string(report) + `],
		"accounts":[{"id":"55911","username":"Foobar","acct":"Foobar"}],
		"statuses":[{"id":"114348347829110933"}]}`
	dec := json.NewDecoder(bytes.NewReader([]byte(body)))
	dec.DisallowUnknownFields()
	var w WrappedAnnualReports
	require.NoError(t, dec.Decode(&w))
	require.Len(t, w.AnnualReports, 1)
	assert.Equal(t, 2025, w.AnnualReports[0].Year)
	require.Len(t, w.Accounts, 1)
	assert.Equal(t, w.AnnualReports[0].AccountID, w.Accounts[0].ID)
	require.Len(t, w.Statuses, 1)
	assert.Equal(t, ID("114348347829110933"), w.Statuses[0].ID)
}
