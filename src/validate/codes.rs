//! Every diagnostic code loket reports, listed once, with its messages.
//!
//! Codes are stable: tools and people search for them. A code is never
//! reused for another meaning; a retired code stays in the table. Messages
//! are templates whose `{name}` parts are filled from the diagnostic's
//! arguments.

macro_rules! codes {
    ($( $code:ident => $desc:literal, $id:literal, $en:literal; )*) => {
        /// A stable diagnostic code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $( #[doc = $desc] $code, )*
        }

        impl Code {
            /// Every code, in order.
            pub const ALL: &'static [Code] = &[$(Code::$code),*];

            /// One line saying what the code is about (English).
            pub fn description(self) -> &'static str {
                match self { $( Code::$code => $desc, )* }
            }

            /// The message template in Bahasa Indonesia.
            pub fn template_id(self) -> &'static str {
                match self { $( Code::$code => $id, )* }
            }

            /// The message template in English.
            pub fn template_en(self) -> &'static str {
                match self { $( Code::$code => $en, )* }
            }

            /// The code as written in reports, e.g. `L035`.
            pub fn as_str(self) -> &'static str {
                match self { $( Code::$code => stringify!($code), )* }
            }
        }
    };
}

codes! {
    // Files
    L001 => "a file cannot be read",
    "berkas tidak dapat dibaca: {reason}",
    "file cannot be read: {reason}";
    L002 => "a file is not UTF-8 text",
    "berkas bukan teks UTF-8 (bita tidak sah pada posisi {offset}); simpan ulang sebagai UTF-8",
    "file is not UTF-8 text (invalid byte at offset {offset}); save it again as UTF-8";
    L003 => "a file is larger than loket reads",
    "berkas terlalu besar: {size} bita, batasnya {limit} bita",
    "file too large: {size} bytes, the limit is {limit} bytes";
    L004 => "a file is not valid YAML",
    "YAML tidak sah: {reason}",
    "invalid YAML: {reason}";
    L005 => "a YAML file exceeds a safety limit (nesting, nodes, aliases)",
    "YAML melampaui batas keamanan (kedalaman, jumlah simpul atau alias): {reason}",
    "YAML exceeds a safety limit (nesting, node count or aliases): {reason}";
    L006 => "a file is empty",
    "berkas kosong",
    "file is empty";
    L007 => "a path under requests/ is not a regular file",
    "{path} bukan berkas biasa ({kind}); permohonan harus berupa berkas YAML biasa",
    "{path} is not a regular file ({kind}); a request must be a plain YAML file";
    L008 => "a request file is not named requests/<agency>/<yyyy>-<nnnn>-<subdomain>.yaml",
    "nama berkas permohonan harus requests/<perangkat-daerah>/<tttt>-<nnnn>-<subdomain>.yaml, bukan {path}",
    "a request file must be named requests/<agency>/<yyyy>-<nnnn>-<subdomain>.yaml, not {path}";
    L009 => "a service standard has no YAML front matter",
    "standar layanan harus diawali front matter YAML di antara dua baris `---`",
    "a service standard must start with YAML front matter between two `---` lines";
    // Schema
    L010 => "a value has the wrong type",
    "`{key}` harus berupa {expected}, bukan {found}",
    "`{key}` must be a {expected}, not a {found}";
    L011 => "an unknown key",
    "kunci `{key}` tidak dikenal",
    "unknown key `{key}`";
    L012 => "a required key is missing",
    "kunci wajib `{key}` tidak ada",
    "required key `{key}` is missing";
    L013 => "a value is not one of the allowed forms",
    "nilai `{value}` tidak sah untuk `{key}`: {expected}",
    "value `{value}` is not valid for `{key}`: {expected}";
    L014 => "an id is used twice in one list",
    "id `{id}` dipakai dua kali (pertama di baris {line})",
    "id `{id}` is used twice (first on line {line})";
    L015 => "two request files share one request id",
    "nomor permohonan {id} sudah dipakai oleh {other}",
    "request id {id} is already used by {other}";
    // Agency and authorship
    L020 => "the request names an agency loket.yaml does not list",
    "perangkat daerah `{agency}` tidak terdaftar di loket.yaml",
    "agency `{agency}` is not listed in loket.yaml";
    L021 => "the request's agency differs from its directory",
    "`instansi` adalah `{agency}`, tetapi berkas ada di direktori requests/{directory}/",
    "`instansi` is `{agency}` but the file is in requests/{directory}/";
    L022 => "the pull request's author is not an operator of the agency",
    "@{author} bukan operator {agency}; operator terdaftar: {operators}",
    "@{author} is not an operator of {agency}; listed operators: {operators}";
    L023 => "the pull request touches files outside its agency's directory",
    "permohonan {agency} hanya boleh mengubah berkas di requests/{agency}/, bukan {path}",
    "a request of {agency} may only change files under requests/{agency}/, not {path}";
    L024 => "the pull request changes a request that is already merged",
    "permohonan {path} sudah digabung dan tidak boleh diubah; ajukan permohonan baru untuk perubahan",
    "request {path} is already merged and must not change; file a new request for a change";
    L025 => "the pull request replaces or deletes a merged file (an attachment of a merged request)",
    "berkas {path} sudah digabung (lampiran permohonan yang sudah digabung) dan tidak boleh diganti atau dihapus; lampirkan berkas baru dengan nama baru dalam permohonan baru",
    "file {path} is already merged (an attachment of a merged request) and must not be replaced or deleted; attach a new file under a new name in a new request";
    // Names
    L030 => "the subdomain is not a valid DNS label",
    "`{name}` bukan label DNS yang sah: {reason}",
    "`{name}` is not a valid DNS label: {reason}";
    L031 => "the subdomain has upper-case letters",
    "nama subdomain harus huruf kecil: `{name}`",
    "a subdomain must be lower case: `{name}`";
    L032 => "the full name is longer than 253 characters",
    "nama lengkap {fqdn} lebih dari 253 karakter",
    "the full name {fqdn} is longer than 253 characters";
    L033 => "the subdomain is not ASCII or not valid IDNA",
    "`{name}` mengandung huruf non-ASCII atau IDNA yang tidak sah",
    "`{name}` has non-ASCII letters or invalid IDNA";
    L034 => "the subdomain is reserved",
    "nama `{name}` dicadangkan oleh Diskominfo",
    "the name `{name}` is reserved by the institution";
    L035 => "the subdomain is already registered",
    "nama `{name}` sudah dipakai oleh {agency} sejak {since} (permohonan {request})",
    "the name `{name}` is already held by {agency} since {since} (request {request})";
    L036 => "the subdomain breaks the naming policy",
    "nama `{name}` melanggar kebijakan penamaan: {reason}",
    "the name `{name}` breaks the naming policy: {reason}";
    L037 => "a change or deletion names a subdomain that is not registered",
    "subdomain `{name}` belum terdaftar, jadi tidak dapat diubah atau dihapus",
    "the subdomain `{name}` is not registered, so it cannot be changed or deleted";
    L038 => "a change or deletion names another agency's subdomain",
    "subdomain `{name}` milik {owner}, bukan {agency}",
    "the subdomain `{name}` belongs to {owner}, not {agency}";
    L039 => "the file name does not carry the request's subdomain",
    "nama berkas memuat subdomain `{file}`, tetapi `subdomain` adalah `{name}`",
    "the file name carries subdomain `{file}` but `subdomain` is `{name}`";
    // Records
    L040 => "the record type is not allowed by the DNS policy",
    "tipe rekaman {type} tidak diizinkan; yang diizinkan: {allowed}",
    "record type {type} is not allowed; allowed: {allowed}";
    L041 => "an A or AAAA value is not an address of that family",
    "`{value}` bukan alamat {type} yang sah",
    "`{value}` is not a valid {type} address";
    L042 => "an address is not public unicast",
    "alamat {value} termasuk rentang khusus {range} ({purpose}, {source}); gunakan alamat publik",
    "address {value} is in the special-purpose range {range} ({purpose}, {source}); use a public address";
    L043 => "a CNAME stands beside other records",
    "CNAME harus menjadi satu-satunya rekaman pada sebuah nama",
    "a CNAME must be the only record at its name";
    L044 => "a CNAME target is disallowed or dangling",
    "target CNAME `{target}` tidak diizinkan: {reason}",
    "CNAME target `{target}` is not allowed: {reason}";
    L045 => "an MX value is malformed",
    "MX harus berbentuk `<prioritas> <host>`, misalnya `10 mail.example.com.`: `{value}`",
    "MX must read `<priority> <host>`, e.g. `10 mail.example.com.`: `{value}`";
    L046 => "a TXT value is unsafe or too long",
    "TXT tidak sah: {reason}",
    "TXT is not valid: {reason}";
    L047 => "a CAA value is malformed",
    "CAA harus berbentuk `<flag> <tag> \"<nilai>\"` dengan tag issue, issuewild atau iodef: `{value}`",
    "CAA must read `<flag> <tag> \"<value>\"` with tag issue, issuewild or iodef: `{value}`";
    L048 => "a TTL is outside the policy's bounds",
    "TTL {ttl} di luar batas kebijakan {min}–{max} detik",
    "TTL {ttl} is outside the policy's bounds {min}–{max} seconds";
    L049 => "the request's hosting and records do not fit its service",
    "{reason}",
    "{reason}";
    // Letter
    L050 => "the letter number is blank",
    "nomor surat kosong",
    "the letter number is blank";
    L051 => "the letter date is not a date",
    "tanggal surat `{value}` harus berbentuk TTTT-BB-HH",
    "the letter date `{value}` must read YYYY-MM-DD";
    L052 => "the letter date is in the future",
    "tanggal surat {date} belum terjadi (hari ini {today})",
    "the letter date {date} is in the future (today is {today})";
    L053 => "the letter is too old",
    "surat bertanggal {date} sudah lebih dari {days} hari; lampirkan surat baru",
    "the letter dated {date} is more than {days} days old; attach a new letter";
    L054 => "the letter's signer is blank",
    "penandatangan surat kosong",
    "the letter's signer is blank";
    // Contact
    L060 => "an email address is malformed",
    "`{value}` bukan alamat email yang sah",
    "`{value}` is not a valid email address";
    L061 => "the contact email is not on the agency's official domain",
    "email penanggung jawab harus memakai domain resmi {domain}, bukan {found}",
    "the contact email must be on the official domain {domain}, not {found}";
    L062 => "a phone number is not an Indonesian number",
    "`{value}` bukan nomor telepon Indonesia (contoh: +62 812 3456 7890 atau 0517 31434)",
    "`{value}` is not an Indonesian phone number (e.g. +62 812 3456 7890 or 0517 31434)";
    L063 => "the contact email is not one of the agency's registered contacts",
    "email penanggung jawab belum terdaftar sebagai kontak {agency} di loket.yaml; minta petugas mendaftarkannya dengan `loket kontak` (pemberitahuan hanya dikirim ke kontak terdaftar)",
    "the contact email is not a registered contact of {agency} in loket.yaml; ask the officers to register it with `loket kontak` (notices go to registered contacts only)";
    L064 => "the contact's mobile number is not one of the agency's registered contacts",
    "nomor ponsel penanggung jawab belum terdaftar sebagai kontak {agency} di loket.yaml; minta petugas mendaftarkannya dengan `loket kontak` (pemberitahuan hanya dikirim ke kontak terdaftar)",
    "the contact's mobile number is not a registered contact of {agency} in loket.yaml; ask the officers to register it with `loket kontak` (notices go to registered contacts only)";
    // Attachments
    L070 => "an attachment path leaves the agency's directory",
    "lampiran `{value}` harus berada di dalam requests/{agency}/",
    "attachment `{value}` must be inside requests/{agency}/";
    L071 => "an attachment file does not exist",
    "lampiran `{value}` tidak ditemukan",
    "attachment `{value}` not found";
    L072 => "an attachment has a type that is not allowed",
    "lampiran `{value}` harus berjenis {allowed}",
    "attachment `{value}` must be one of {allowed}";
    L073 => "an attachment is too large",
    "lampiran `{value}` berukuran {size} bita, batasnya {limit} bita",
    "attachment `{value}` is {size} bytes, the limit is {limit} bytes";
    L074 => "an attachment's content does not match its extension",
    "isi lampiran `{value}` bukan {kind} (tanda awal berkas tidak cocok)",
    "attachment `{value}` is not a {kind} file (its leading bytes do not match)";
    // Requirements and services
    L080 => "a required requirement is not met",
    "persyaratan belum dipenuhi: {text} (isi `{path}`)",
    "requirement not met: {text} (fill in `{path}`)";
    L081 => "a link is not https",
    "tautan `{value}` harus diawali https://",
    "link `{value}` must start with https://";
    L082 => "the request names a service that does not exist",
    "layanan `{service}` tidak ada di site/layanan/",
    "service `{service}` does not exist in site/layanan/";
    // Configuration (loket.yaml and service standards)
    L090 => "a role is not defined in loket.yaml",
    "peran `{role}` tidak didefinisikan di `peran` pada loket.yaml",
    "role `{role}` is not defined under `peran` in loket.yaml";
    L091 => "a complaint channel is not defined in loket.yaml",
    "kanal pengaduan `{channel}` tidak didefinisikan di `pengaduan` pada loket.yaml",
    "complaint channel `{channel}` is not defined under `pengaduan` in loket.yaml";
    L092 => "a time zone is not an Indonesian IANA zone",
    "zona waktu `{value}` tidak dikenal; gunakan Asia/Jakarta, Asia/Pontianak, Asia/Makassar atau Asia/Jayapura",
    "unknown time zone `{value}`; use Asia/Jakarta, Asia/Pontianak, Asia/Makassar or Asia/Jayapura";
    L093 => "a requirement does not say exactly one way it is met",
    "persyaratan `{id}` harus menyebut tepat satu dari field, berkas, tautan atau petugas",
    "requirement `{id}` must name exactly one of field, berkas, tautan or petugas";
    L094 => "a requirement points at a request field that does not exist",
    "persyaratan menunjuk `{path}`, yang bukan field permohonan",
    "the requirement points at `{path}`, which is not a request field";
    L095 => "two stages share a label",
    "label `{label}` sudah dipakai tahap `{other}`",
    "label `{label}` is already used by stage `{other}`";
    L096 => "a domain name is not valid",
    "`{value}` bukan nama domain yang sah",
    "`{value}` is not a valid domain name";
    L097 => "a service standard's file name differs from its id",
    "id layanan `{id}` harus sama dengan nama berkas `{file}`",
    "service id `{id}` must equal its file name `{file}`";
    L098 => "a holiday date is listed twice in one calendar file",
    "tanggal libur {date} sudah tercantum di baris {line}",
    "the holiday {date} is already listed on line {line}";
    L099 => "a calendar removal names a day that is not a day off",
    "{date} bukan hari libur, jadi tidak dapat dihapus",
    "{date} is not a day off, so it cannot be removed";
    L100 => "the subdomain is also requested in another open pull request (a warning: the first merged gets it)",
    "nama `{name}` juga diminta di pull request #{pr} ({path}); yang lebih dulu digabung yang mendapatkannya",
    "the name `{name}` is also requested in pull request #{pr} ({path}); whichever is merged first gets it";
    L110 => "a confirmation-letter template has an unknown or unclosed placeholder",
    "surat_konfirmasi memuat placeholder `{name}` yang tidak dikenal atau tidak ditutup",
    "surat_konfirmasi has an unknown or unclosed placeholder `{name}`";
    L111 => "a reply-letter number pattern has an unknown or unclosed placeholder",
    "pola nomor surat_balasan memuat placeholder `{name}` yang tidak dikenal atau tidak ditutup",
    "the surat_balasan number pattern has an unknown or unclosed placeholder `{name}`";
    L112 => "a reply-letter number pattern does not name the request",
    "pola nomor surat_balasan `{pattern}` tidak memuat {id} atau {urut}, sehingga semua surat bernomor sama",
    "the surat_balasan number pattern `{pattern}` has neither {id} nor {urut}, so every letter gets the same number";
    L113 => "no officer can approve a service: it has no stage before the merge with a label and a role an officer holds",
    "layanan `{service}` tidak dapat disetujui petugas mana pun: tidak ada tahapan sebelum merge yang berlabel dan berperan yang dipegang petugas di `petugas`, sehingga gerbang meloloskan pull request tanpa persetujuan",
    "no officer can approve service `{service}`: it has no stage before the merge with a label and a role held by an officer under `petugas`, so the gate would pass pull requests nobody approved";
    // DNS limits and policy
    L120 => "a name has more records than dns.batas.rekaman_per_nama allows",
    "nama ini memuat {count} rekaman; paling banyak {limit} per nama (dns.batas.rekaman_per_nama)",
    "this name has {count} records; at most {limit} per name (dns.batas.rekaman_per_nama)";
    L121 => "a name has more records of one type than dns.batas.rekaman_per_tipe allows",
    "nama ini memuat {count} rekaman {type}; paling banyak {limit} per tipe (dns.batas.rekaman_per_tipe)",
    "this name has {count} {type} records; at most {limit} per type (dns.batas.rekaman_per_tipe)";
    L122 => "a name's record data is larger than dns.batas.bita_per_nama allows",
    "data rekaman nama ini {size} bita; paling banyak {limit} bita per nama (dns.batas.bita_per_nama)",
    "the record data of this name is {size} bytes; at most {limit} bytes per name (dns.batas.bita_per_nama)";
    L123 => "the zone's record data would be larger than dns.batas.bita_zona allows",
    "dengan permohonan ini data rekaman zona menjadi {size} bita; paling banyak {limit} bita (dns.batas.bita_zona)",
    "with this request the zone's record data becomes {size} bytes; at most {limit} bytes (dns.batas.bita_zona)";
    L124 => "a limit in dns.batas is above what name servers load",
    "`{key}` {value} melebihi {max}: {reason}",
    "`{key}` {value} is above {max}: {reason}";
    L125 => "a CNAME or MX target is a special-use name or under a wildcard-IP service",
    "target {type} `{target}` tidak diizinkan: {reason} `{suffix}` ({source})",
    "{type} target `{target}` is not allowed: {reason} `{suffix}` ({source})";
    L126 => "the subdomain looks like a name another agency or the institution holds",
    "nama {name} mirip `{other}` milik {holder}: kerangka UTS #39 keduanya `{skeleton}`; pilih nama lain",
    "the name {name} looks like `{other}`, held by {holder}: both have the UTS #39 skeleton `{skeleton}`; choose another name";
    L140 => "the request id is used by another open pull request",
    "nomor permohonan {id} sudah dipakai pull request #{pr} ({path}); pakai nomor berikutnya yang belum dipakai",
    "request id {id} is already used by pull request #{pr} ({path}); take the next unused number";
    // The release an instance runs, and its generated .github/
    L150 => "`.loket-version` is not a pin (`VERSION SHA256`)",
    "`.loket-version` bukan pin: {reason}; tulis satu baris `VERSI SHA256` (SHA-256 berkas SHA256SUMS rilis itu)",
    "`.loket-version` is not a pin: {reason}; write one line `VERSION SHA256` (the SHA-256 of that release's SHA256SUMS)";
    L151 => "the pin has no SHA-256 of its release's SHA256SUMS, so the workflows install no loket",
    "`.loket-version` mematok loket {version} tanpa SHA-256 berkas SHA256SUMS-nya, sehingga workflow menolak memasang loket; unduh {url}/SHA256SUMS, periksa, lalu jalankan `loket init --refresh . --loket-sha256 HASH` dengan HASH dari `sha256sum SHA256SUMS`",
    "`.loket-version` pins loket {version} without the SHA-256 of its SHA256SUMS, so the workflows refuse to install loket; download {url}/SHA256SUMS, check it, then run `loket init --refresh . --loket-sha256 HASH` with HASH from `sha256sum SHA256SUMS`";
    L152 => "the instance pins a newer loket than the one running",
    "instance ini mematok loket {version}, lebih baru dari loket {running} yang sedang berjalan; pasang loket {version} agar aturan yang diperiksa di sini sama dengan di workflow",
    "this instance pins loket {version}, newer than the running loket {running}; install loket {version} so the rules checked here are the workflows' own";
    L153 => "a generated `.github/` file is not what this loket writes for the instance (stale)",
    "berkas ini tidak lagi sesuai dengan yang ditulis loket {version} untuk loket.yaml dan layanan instance ini (berbeda mulai baris ini); jalankan `loket init --refresh .`",
    "this file is no longer what loket {version} writes for this instance's loket.yaml and services (it differs from this line on); run `loket init --refresh .`";
    L154 => "a generated `.github/` file was edited by hand and is not what this loket writes",
    "berkas ini diubah dengan tangan sejak ditulis loket (SHA-256-nya bukan yang tercatat di {manifest}) dan berbeda dari yang ditulis loket {version} mulai baris ini; ubah templatnya di loket, atau timpa dengan `loket init --refresh --force .`",
    "this file was edited by hand since loket wrote it (its SHA-256 is not the one {manifest} records) and differs from what loket {version} writes from this line on; change loket's template instead, or overwrite it with `loket init --refresh --force .`";
    L155 => "a file loket generates under `.github/` is missing",
    "berkas ini tidak ada, padahal loket {version} menuliskannya untuk instance ini; jalankan `loket init --refresh .`",
    "this file is missing, though loket {version} writes it for this instance; run `loket init --refresh .`";
    // The front desk
    L160 => "a request taken at the front desk by someone who is not a front-desk officer",
    "hanya petugas berperan petugas-loket yang mencatat permohonan `kanal: {channel}`; @{author} tidak berperan petugas-loket di loket.yaml",
    "only an officer holding petugas-loket records a `kanal: {channel}` request; @{author} does not hold petugas-loket in loket.yaml";
    L161 => "a front-desk officer's request does not say how it came",
    "permohonan yang dicatat petugas loket @{author} harus menulis `kanal` (langsung, surat atau email) dan `diterima`",
    "a request the front-desk officer @{author} records must give `kanal` (langsung, surat or email) and `diterima`";
    L162 => "a front-desk request does not say when the desk received it",
    "permohonan `kanal: {channel}` harus menulis `diterima`: tanggal (dan jam) loket menerimanya, misalnya `2026-11-20T09:15`",
    "a `kanal: {channel}` request must give `diterima`: the date (and time) the desk received it, e.g. `2026-11-20T09:15`";
    L163 => "the desk's received time is not a date",
    "`diterima` `{value}` bukan tanggal YYYY-MM-DD atau waktu YYYY-MM-DDTHH:MM",
    "`diterima` `{value}` is not a YYYY-MM-DD date or a YYYY-MM-DDTHH:MM time";
    L164 => "the desk's received date is in the future",
    "`diterima` {date} belum terjadi (hari ini {today})",
    "`diterima` {date} is in the future (today is {today})";
    L165 => "the desk received the letter before it was written",
    "`diterima` {date} lebih awal dari tanggal surat {letter}",
    "`diterima` {date} is before the letter's date {letter}";
    L166 => "a front-desk request has no scanned letter",
    "permohonan `kanal: {channel}` harus melampirkan pindaian surat di `surat.berkas`",
    "a `kanal: {channel}` request must attach the scanned letter as `surat.berkas`";
    L167 => "an online request gives the desk's received time",
    "`diterima` hanya untuk permohonan yang diterima di loket (`kanal: langsung`, `surat` atau `email`)",
    "`diterima` is only for requests received at the front desk (`kanal: langsung`, `surat` or `email`)";
    // Complaints recorded outside GitHub (pengaduan/)
    L170 => "a recorded complaint names a kind loket.yaml does not list",
    "jenis pengaduan `{kind}` tidak ada di jenis_pengaduan loket.yaml; pakai salah satu: {known}",
    "complaint kind `{kind}` is not in loket.yaml's jenis_pengaduan; use one of: {known}";
    L171 => "a recorded complaint's date is not a date",
    "`{key}` `{value}` bukan tanggal YYYY-MM-DD atau waktu YYYY-MM-DDTHH:MM",
    "`{key}` `{value}` is not a YYYY-MM-DD date or a YYYY-MM-DDTHH:MM time";
    L172 => "a recorded complaint's date is in the future",
    "`{key}` {date} belum terjadi (hari ini {today})",
    "`{key}` {date} is in the future (today is {today})";
    L173 => "a recorded complaint's status is dated before the one above it",
    "status `{status}` bertanggal {date}, sebelum {previous} di atasnya; tulis riwayat status menurut urutan waktu",
    "status `{status}` is dated {date}, before {previous} above it; write the status history in time order";
    L174 => "a recorded complaint carries what looks like a phone number or a NIK",
    "`{key}` memuat yang tampak seperti {what} (`{found}`); berkas di pengaduan/ terbuka untuk umum: hapus data pribadi pengadu",
    "`{key}` holds what looks like {what} (`{found}`); files under pengaduan/ are public: remove the complainant's personal data";
    L176 => "a recorded complaint names a service that does not exist",
    "layanan `{service}` tidak ada di site/layanan/; pakai salah satu: {known}",
    "service `{service}` does not exist in site/layanan/; use one of: {known}";
    L177 => "a recorded complaint names a request that does not exist",
    "permohonan `{id}` tidak ada di requests/; tulis nomor permohonan yang ada, misalnya 2026-0007",
    "request `{id}` does not exist under requests/; write the id of an existing request, e.g. 2026-0007";
}
