package store

// migration is one step of the schema. Statements use {blob} and {int} for
// the column types that differ between engines. Migrations are append-only:
// a released one is never edited, a change is a new one. The test in
// cmd/kintsugi/upgrade_test.go keeps a database made by the first.
type migration struct {
	name       string
	statements []string
}

var migrations = []migration{
	{
		name: "accounts, sessions, login throttle and sealed records",
		statements: []string{
			// A person. The data key is stored twice, wrapped: once by a key
			// from the passphrase (with the Argon2id salt and cost beside
			// it), once by the recovery key.
			`CREATE TABLE users (
				id TEXT PRIMARY KEY,
				username TEXT NOT NULL UNIQUE,
				created_at {int} NOT NULL,
				kdf_salt {blob} NOT NULL,
				kdf_time {int} NOT NULL,
				kdf_memory {int} NOT NULL,
				kdf_threads {int} NOT NULL,
				key_by_passphrase {blob} NOT NULL,
				key_by_recovery {blob} NOT NULL
			)`,
			// A session is kept under the SHA-256 of its token, with a copy
			// of the data key wrapped by a key derived from the token.
			`CREATE TABLE sessions (
				id {blob} PRIMARY KEY,
				user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
				created_at {int} NOT NULL,
				expires_at {int} NOT NULL,
				seen_at {int} NOT NULL,
				wrapped_key {blob} NOT NULL
			)`,
			`CREATE INDEX sessions_by_user ON sessions (user_id)`,
			`CREATE INDEX sessions_by_expiry ON sessions (expires_at)`,
			// Failed logins per account and per address, under keyed hashes
			// of the username or address, so unknown names count the same.
			`CREATE TABLE login_throttle (
				key {blob} PRIMARY KEY,
				failures {int} NOT NULL,
				last_failure_at {int} NOT NULL
			)`,
			// Everything a person writes or rates. kind and tag are blind
			// indexes (keyed hashes under the person's own key); body is
			// sealed with associated data naming kind, owner and id. The
			// primary key is also the listing order, so a record costs two
			// B-tree writes (three when tagged); record ids carry their
			// creation time, so one id finds its row through it.
			`CREATE TABLE records (
				user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
				kind {blob} NOT NULL,
				created_at {int} NOT NULL,
				id TEXT NOT NULL,
				tag {blob},
				updated_at {int} NOT NULL,
				body {blob} NOT NULL,
				PRIMARY KEY (user_id, kind, created_at, id)
			)`,
			`CREATE INDEX records_by_tag ON records (user_id, kind, tag, created_at, id) WHERE tag IS NOT NULL`,
		},
	},
	{
		name: "server-wide values, such as the server secret's check value",
		statements: []string{
			// Values that belong to the server rather than to a person,
			// by name. None is a secret: the server secret itself lives
			// only in its file, and this table holds a one-way check of it.
			`CREATE TABLE server_values (
				name TEXT PRIMARY KEY,
				value {blob} NOT NULL
			)`,
		},
	},
	{
		name: "a person's records of every kind in time order, for the timeline",
		statements: []string{
			`CREATE INDEX records_by_time ON records (user_id, created_at, id)`,
		},
	},
	{
		name: "drafts: what a person was writing in a form, kept until it is saved",
		statements: []string{
			// One draft per person and form. form is a blind index of the
			// form's path under the person's own key (the path names a
			// kind of record, which the database must not learn); body is
			// sealed with associated data naming the draft, the owner and
			// the form. A person has a few at most (package draft).
			`CREATE TABLE drafts (
				user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
				form {blob} NOT NULL,
				updated_at {int} NOT NULL,
				body {blob} NOT NULL,
				PRIMARY KEY (user_id, form)
			)`,
		},
	},
	{
		name: "key pairs: for receiving keys from others (a shared space, a share)",
		statements: []string{
			// public_key is an HPKE public key (package vault), which others
			// wrap keys to; private_key is its private half, sealed under
			// the person's own data key.
			`CREATE TABLE keypairs (
				user_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
				public_key {blob} NOT NULL,
				private_key {blob} NOT NULL
			)`,
		},
	},
	{
		name: "linked pairs: invitations, shared spaces and their members",
		statements: []string{
			// An invitation is kept under a keyed hash of its code, so the
			// database holds nothing that could be typed in.
			`CREATE TABLE invitations (
				code {blob} PRIMARY KEY,
				user_id TEXT NOT NULL UNIQUE REFERENCES users (id) ON DELETE CASCADE,
				created_at {int} NOT NULL,
				expires_at {int} NOT NULL
			)`,
			`CREATE TABLE spaces (
				id TEXT PRIMARY KEY,
				created_at {int} NOT NULL
			)`,
			// A person belongs to one space at most (user_id is the key).
			// wrapped_key is the space's key wrapped to their public key.
			`CREATE TABLE space_members (
				user_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
				space_id TEXT NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
				role TEXT NOT NULL,
				joined_at {int} NOT NULL,
				wrapped_key {blob} NOT NULL
			)`,
			`CREATE INDEX space_members_by_space ON space_members (space_id)`,
		},
	},
	{
		name: "a shared space's records",
		statements: []string{
			// The shape of records, owned by a space instead of a person:
			// kind and tag are blind indexes under the space's key, body is
			// sealed under it with associated data naming kind, space and
			// id. A space's records go with the space, when its last member
			// lets it go.
			`CREATE TABLE space_records (
				space_id TEXT NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
				kind {blob} NOT NULL,
				created_at {int} NOT NULL,
				id TEXT NOT NULL,
				tag {blob},
				updated_at {int} NOT NULL,
				body {blob} NOT NULL,
				PRIMARY KEY (space_id, kind, created_at, id)
			)`,
			`CREATE INDEX space_records_by_tag ON space_records (space_id, kind, tag, created_at, id) WHERE tag IS NOT NULL`,
		},
	},
	{
		name: "supporters and what is shared with them",
		statements: []string{
			// An invitation now has a purpose (a partner, or a supporter):
			// a person holds one of each at most.
			`CREATE TABLE invitations_v2 (
				code {blob} PRIMARY KEY,
				user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
				purpose TEXT NOT NULL,
				created_at {int} NOT NULL,
				expires_at {int} NOT NULL,
				UNIQUE (user_id, purpose)
			)`,
			`INSERT INTO invitations_v2 (code, user_id, purpose, created_at, expires_at)
				SELECT code, user_id, 'partner', created_at, expires_at FROM invitations`,
			`DROP TABLE invitations`,
			`ALTER TABLE invitations_v2 RENAME TO invitations`,
			// A supporter reads what a person shares with them.
			`CREATE TABLE supporters (
				id TEXT PRIMARY KEY,
				user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
				supporter_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
				created_at {int} NOT NULL,
				UNIQUE (user_id, supporter_id)
			)`,
			`CREATE INDEX supporters_by_supporter ON supporters (supporter_id)`,
			// A share is sealed for its reader: reader_key is the share's
			// key wrapped to the supporter's public key, or under a key
			// derived from the link's secret (and passcode), whose SHA-256
			// is link; owner_key is the same key sealed under the person's
			// own keys, so their edits reach the copy. body (the note, and
			// a report if there is one) and every item's copy are sealed
			// under the share's key. Only the times are in the clear,
			// opened_at and guessed_at among them: its last opening, and
			// its link's last wrong passcode, that were logged.
			`CREATE TABLE shares (
				id TEXT PRIMARY KEY,
				user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
				supporter TEXT REFERENCES supporters (id) ON DELETE CASCADE,
				link {blob} UNIQUE,
				created_at {int} NOT NULL,
				expires_at {int} NOT NULL,
				reader_key {blob} NOT NULL,
				owner_key {blob} NOT NULL,
				body {blob} NOT NULL,
				opened_at {int},
				guessed_at {int}
			)`,
			`CREATE INDEX shares_by_user ON shares (user_id)`,
			`CREATE INDEX shares_by_supporter ON shares (supporter)`,
			`CREATE INDEX shares_by_expiry ON shares (expires_at)`,
			// ref is a blind index, under the person's keys, of the item a
			// copy is of, so that an edit finds its copies.
			`CREATE TABLE share_items (
				share_id TEXT NOT NULL REFERENCES shares (id) ON DELETE CASCADE,
				n {int} NOT NULL,
				ref {blob} NOT NULL,
				body {blob} NOT NULL,
				PRIMARY KEY (share_id, n)
			)`,
			`CREATE INDEX share_items_by_ref ON share_items (ref)`,
		},
	},
	{
		name: "the access log, and where each session was signed in from",
		statements: []string{
			// A person's access log: sign-ins, ended sessions, and what
			// others did with what the person shared. body is the entry
			// sealed to the person's public key (package vault's SealTo),
			// with associated data naming the log, the owner, the entry and
			// its time, so it can be written while the person is away and
			// read only by them. The time is the one thing in the clear.
			`CREATE TABLE access_log (
				user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
				created_at {int} NOT NULL,
				id TEXT NOT NULL,
				body {blob} NOT NULL,
				PRIMARY KEY (user_id, created_at, id)
			)`,
			// A session's device description and coarse address, sealed
			// under the person's data key at sign-in; NULL for sessions
			// from before.
			`ALTER TABLE sessions ADD COLUMN meta {blob}`,
		},
	},
}
