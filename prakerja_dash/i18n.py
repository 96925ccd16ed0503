"""The translation catalogue, number formats and filter descriptions (Bahasa Indonesia, English)."""

from __future__ import annotations

import math
from collections.abc import Mapping

from prakerja_dash.domain.filters import FilterProblem, Filters
from prakerja_dash.domain.regions import region_index, scope_province
from prakerja_dash.domain.vocabulary import WAVES, YEARS

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"

CATALOGUE: dict[str, dict[str, str]] = {
    "app_title": {"id": "Dasbor Alumni Prakerja {place}", "en": "Prakerja Alumni Dashboard, {place}"},
    "app_subtitle": {"id": "Hasil alumni Kartu Prakerja di {area}", "en": "Outcomes of Kartu Prakerja alumni in {area}"},
    "area_province": {"id": "{units} kabupaten/kota Provinsi {province}", "en": "the {units} regencies and cities of {province}"},
    "area_national": {"id": "{units} kabupaten/kota di {provinces} provinsi", "en": "the {units} regencies and cities of {provinces} provinces"},
    "page_overview": {"id": "Ringkasan", "en": "Overview"},
    "page_map": {"id": "Peta", "en": "Map"},
    "map_title": {"id": "Peta kabupaten/kota", "en": "Map of regencies and cities"},
    "map_measure": {"id": "Ukuran", "en": "Measure"},
    "map_measure_alumni": {"id": "Alumni", "en": "Alumni"},
    "map_measure_alumni_per_1000": {"id": "Alumni per 1.000 penduduk", "en": "Alumni per 1,000 residents"},
    "map_measure_pct_now_employed": {"id": "Kini bekerja*", "en": "Now employed*"},
    "map_measure_pct_now_business": {"id": "Kini berwirausaha*", "en": "Now running a business*"},
    "map_measure_median_income_change": {"id": "Median perubahan pendapatan", "en": "Median income change"},
    "map_footnote_base": {
        "id": "*) persentase dari alumni yang tidak bekerja saat mendaftar dan mengisi survei.",
        "en": "*) share of surveyed alumni who were not working at registration.",
    },
    "map_footnote_hidden": {"id": "Abu-abu: kurang dari {k} alumni, disembunyikan.", "en": "Grey: fewer than {k} alumni, hidden."},
    "map_footnote_click": {
        "id": "Klik kabupaten/kota untuk memfilter semua halaman; klik lagi untuk menghapus.",
        "en": "Click a regency to filter every page; click again to clear.",
    },
    "map_hidden_legend": {"id": "Abu-abu: < {k} alumni (disembunyikan)", "en": "Grey: < {k} alumni (hidden)"},
    "map_names_title": {"id": "Nama di peta", "en": "Names on the map"},
    "map_scale": {"id": "Skala warna", "en": "Colour scale"},
    "map_scale_province": {"id": "Tetap (rentang provinsi)", "en": "Fixed (province range)"},
    "map_scale_view": {"id": "Sesuai tampilan", "en": "Fitted to this view"},
    "map_boundary_missing": {
        "id": "Berkas batas wilayah belum tersedia, jadi peta ditampilkan sebagai kotak per kabupaten/kota.",
        "en": "The boundary file is not there, so the map is shown as one tile per regency.",
    },
    "map_boundary_unusable": {
        "id": "Berkas batas wilayah tidak dapat dipakai, jadi peta ditampilkan sebagai kotak per kabupaten/kota. "
              "Rincian masalahnya tercatat di log server.",
        "en": "The boundary file cannot be used, so the map is shown as one tile per regency. The server log "
              "says why.",
    },
    "map_regions_note": {
        "id": "Peta selalu menampilkan semua kabupaten/kota dengan namanya; yang dipilih bergaris oranye. Klik satu "
              "kabupaten/kota untuk memilihnya; nilainya ada di tabel di samping atau di bawah peta.",
        "en": "The map always shows every regency and city with its name; selected ones have an orange outline. Click "
              "one to select it; the values are in the table beside or below the map.",
    },
    "page_training": {"id": "Pelatihan", "en": "Training"},
    "page_outcomes": {"id": "Hasil", "en": "Outcomes"},
    "page_waves": {"id": "Gelombang", "en": "Waves"},
    "page_profile": {"id": "Profil kabupaten", "en": "Regency profile"},
    "page_stories": {"id": "Cerita alumni", "en": "Alumni stories"},
    # the open API and the phone page (prakerja_dash/web)
    "api_bad_request": {"id": "Permintaan tidak dapat dijawab.", "en": "The request cannot be answered."},
    "api_bad_language": {"id": "bahasa {value} tidak dikenal (pilihan: {allowed})",
                         "en": "language {value} is not known (choose: {allowed})"},
    "api_bad_regency": {"id": "profil: kabupaten/kota {value} tidak dikenal", "en": "profil: regency {value} is not known"},
    "api_bad_period": {"id": "{name}: {value} bukan rentang gelombang AWAL-AKHIR dalam 1-71",
                       "en": "{name}: {value} is not a range of waves FIRST-LAST within 1-71"},
    "api_bad_table": {"id": "Tabel {value} tidak ada di tampilan ini; pilihan: {allowed}.",
                      "en": "This view has no table {value}; choose one of: {allowed}."},
    "api_table_missing": {"id": "Sebutkan tabelnya: ?table=NAMA (daftarnya di /api/v1/).",
                          "en": "Name the table: ?table=NAME (the list is at /api/v1/)."},
    "api_unknown_view": {"id": "Tampilan {view} tidak ada; pilihan: {views} (.json atau .csv).",
                         "en": "There is no view {view}; choose one of: {views} (.json or .csv)."},
    "api_busy": {"id": "Banyak permintaan sekaligus; coba lagi dalam beberapa detik.",
                 "en": "Many requests at once; try again in a few seconds."},
    "api_unavailable": {"id": "Data sedang tidak dapat dibaca; coba lagi sebentar lagi.",
                        "en": "The data cannot be read right now; try again shortly."},
    "export_view_table_title": {"id": "Tabel {table} dari halaman {page}", "en": "Table {table} of the {page} page"},
    "export_every_regency": {"id": "semua kabupaten/kota, untuk perbandingan", "en": "every regency, for comparison"},
    "filter_problem_choice": {"id": "{parameter}: {value} tidak dikenal (pilihan: {allowed})",
                              "en": "{parameter}: {value} is not known (choose from: {allowed})"},
    "filter_problem_range": {"id": "{parameter}: {value} bukan rentang AWAL-AKHIR dalam {allowed}",
                             "en": "{parameter}: {value} is not a range FIRST-LAST within {allowed}"},
    "filter_problem_region": {"id": "{parameter}: {value} bukan kode Kemendagri, kode BPS atau nama wilayah yang dikenal (misalnya {allowed})",
                              "en": "{parameter}: {value} is not a known Kemendagri code, BPS code or region name (e.g. {allowed})"},
    "describe_province": {"id": "Provinsi {name}", "en": "{name} province"},
    "filter_problem_elsewhere": {"id": "{parameter}: {value} di luar Provinsi {allowed}, satu-satunya provinsi di dasbor ini",
                                 "en": "{parameter}: {value} is outside {allowed}, the only province this dashboard shows"},
    "filter_province": {"id": "Provinsi", "en": "Province"},
    "map_title_provinces": {"id": "Peta provinsi", "en": "Province map"},
    "map_back_national": {"id": "← Kembali ke seluruh Indonesia", "en": "← Back to all of Indonesia"},
    "map_provinces_note": {"id": "38 provinsi. Klik sebuah provinsi untuk melihat kabupaten/kotanya di setiap halaman.", "en": "The 38 provinces. Click a province to see its regencies and cities on every page."},
    "column_province": {"id": "Provinsi", "en": "Province"},
    "phone_provinces_title": {"id": "Per provinsi", "en": "By province"},
    # issue 22, pages: compare by, sort by, periods' differences
    "compare_by": {"id": "Bandingkan menurut", "en": "Compare by"},
    "compare_by_title": {"id": "Kini bekerja / berwirausaha menurut {group}", "en": "Now employed / running a business by {group}"},
    "sort_by": {"id": "Urutkan menurut", "en": "Sort by"},
    "column_difference": {"id": "Selisih B − A", "en": "Difference B − A"},
    "column_bases": {"id": "n (A / B)", "en": "n (A / B)"},
    "points": {"id": "{value} poin", "en": "{value} points"},
    "phone_n": {"id": "dari {n} alumni", "en": "of {n} alumni"},
    "phone_years_title": {"id": "Alumni per tahun", "en": "Alumni per year"},
    "phone_categories_title": {"id": "Kategori pelatihan terbesar", "en": "Largest training categories"},
    "phone_regencies_title": {"id": "Kabupaten/kota", "en": "Regencies and cities"},
    "phone_employed_short": {"id": "Kini bekerja*", "en": "Now employed*"},
    "phone_open_dashboard": {"id": "Buka dasbor lengkap dengan pilihan ini", "en": "Open the full dashboard with this selection"},
    "phone_base_note": {"id": "* Kini bekerja dan kini berwirausaha: dari alumni yang tidak bekerja saat mendaftar dan mengisi survei.",
                        "en": "* Now employed and now running a business: of the alumni not working at registration who answered the survey."},
    "training_title": {"id": "Pelatihan: kategori, hasil, platform dan skema", "en": "Training: categories, outcomes, platforms and schemes"},
    "training_volume": {"id": "Alumni per kategori pelatihan", "en": "Alumni per training category"},
    "training_outcomes": {"id": "Yang semula tidak bekerja:<br>kini bekerja / berwirausaha", "en": "Those not working at registration:<br>now employed / running a business"},
    "training_income": {"id": "Median perubahan pendapatan bulanan per kategori", "en": "Median change in monthly income by category"},
    "heatmap_title": {"id": "{measure}, per kategori × kabupaten/kota", "en": "{measure}, by category × regency"},
    "heatmap_measure": {"id": "Ukuran peta panas", "en": "Heat-map measure"},
    "platform_title": {"id": "Platform tempat pelatihan dibeli (% dari alumni)", "en": "Platform where the training was bought (% of alumni)"},
    "mode_note": {"id": "Moda pelatihan (% dari alumni): {modes}. Pelatihan luring belum pernah diadakan di Jambi (Tribun Jambi, 19 Sep 2024).", "en": "Training mode (% of alumni): {modes}. No offline training has been held in Jambi (Tribun Jambi, 19 Sep 2024)."},
    "mode_daring": {"id": "daring", "en": "online"},
    "mode_luring": {"id": "luring", "en": "offline"},
    "mode_bauran": {"id": "bauran", "en": "hybrid"},
    "scheme_title": {"id": "Perubahan skema pada 2023", "en": "The 2023 scheme change"},
    "scheme_semi_bansos": {"id": "Semi-bansos", "en": "Semi-social-assistance"},
    "scheme_normal": {"id": "Normal", "en": "Normal"},
    "column_scheme": {"id": "Skema", "en": "Scheme"},
    "column_waves": {"id": "Gelombang", "en": "Waves"},
    "column_training_budget": {"id": "Saldo pelatihan", "en": "Training balance"},
    "column_incentive": {"id": "Insentif pasca-pelatihan", "en": "Post-training incentive"},
    "column_survey_incentive": {"id": "Insentif survei", "en": "Survey incentive"},
    "column_completed": {"id": "Selesai pelatihan (% dari alumni)", "en": "Completed training (% of alumni)"},
    "kpi_pct_completed": {"id": "Selesai pelatihan (%)", "en": "Completed training (%)"},
    "scheme_base_note": {
        "id": "Selesai pelatihan: % dari alumni skema itu. *) % dari alumni yang tidak bekerja saat mendaftar dan "
              "mengisi survei.",
        "en": "Completed training: % of the scheme's alumni. *) % of surveyed alumni who were not working at "
              "registration.",
    },
    "column_total_paid": {"id": "Total manfaat dibayar", "en": "Total benefits paid"},
    "column_median": {"id": "Median perubahan pendapatan", "en": "Median income change"},
    "column_businesses": {"id": "Usaha dirintis", "en": "Businesses started"},
    "column_jobs": {"id": "Lapangan kerja tercipta", "en": "Jobs created"},
    "column_women": {"id": "Perempuan", "en": "Women"},
    "column_not_working": {"id": "Tidak bekerja saat mendaftar", "en": "Not working at registration"},
    "column_n_alumni": {"id": "Alumni (n)", "en": "Alumni (n)"},
    "column_platform": {"id": "Platform", "en": "Platform"},
    "column_share": {"id": "Bagian", "en": "Share"},
    "outcomes_title": {"id": "Hasil: status kerja, usaha dan pendapatan", "en": "Outcomes: work, businesses and income"},
    "flow_title": {"id": "Status kerja saat mendaftar (kiri) → saat survei (kanan)", "en": "Work status at registration (left) → at the survey (right)"},
    "business_title": {"id": "Usaha yang dirintis, menurut jumlah karyawan", "en": "Businesses started, by number of employees"},
    "employees_band": {"id": "{band} karyawan", "en": "{band} employees"},
    "employees_band_one": {"id": "1 karyawan", "en": "1 employee"},
    "employees_band_none": {"id": "Tanpa karyawan", "en": "No employees"},
    "column_employees": {"id": "Karyawan", "en": "Employees"},
    "income_title": {"id": "Pendapatan bulanan alumni yang disurvei, sebelum dan sesudah", "en": "Monthly income of surveyed alumni, before and after"},
    "income_none": {"id": "Tanpa pendapatan", "en": "No income"},
    "income_before": {"id": "Sebelum pelatihan", "en": "Before training"},
    "income_after": {"id": "Sesudah pelatihan", "en": "After training"},
    "column_income_band": {"id": "Pendapatan bulanan", "en": "Monthly income"},
    "income_by_title": {"id": "Median perubahan pendapatan<br>menurut {group}", "en": "Median income change<br>by {group}"},
    "group_gender": {"id": "jenis kelamin", "en": "gender"},
    "group_age_band": {"id": "kelompok umur", "en": "age band"},
    "group_education": {"id": "pendidikan", "en": "education"},
    "column_group": {"id": "Kelompok", "en": "Group"},
    "waves_title": {"id": "Gelombang dan tahun", "en": "Waves and years"},
    "column_status_before": {"id": "Saat mendaftar", "en": "At registration"},
    "column_status_after": {"id": "Saat survei", "en": "At the survey"},
    "column_period_a_short": {"id": "Periode A", "en": "Period A"},
    "column_period_b_short": {"id": "Periode B", "en": "Period B"},
    "compare_note": {"id": "Kedua periode menggantikan filter gelombang; filter lain tetap berlaku.", "en": "The two periods replace the wave filter; the other filters still apply."},
    "compare_title": {"id": "Bandingkan dua periode", "en": "Compare two periods"},
    "period_a": {"id": "Periode A (gelombang)", "en": "Period A (waves)"},
    "period_b": {"id": "Periode B (gelombang)", "en": "Period B (waves)"},
    "column_measure": {"id": "Ukuran", "en": "Measure"},
    "column_period_a": {"id": "Periode A: gelombang {range}", "en": "Period A: waves {range}"},
    "column_period_b": {"id": "Periode B: gelombang {range}", "en": "Period B: waves {range}"},
    "compare_chart_title": {"id": "Periode A dan B", "en": "Periods A and B"},
    "profile_title": {"id": "Profil {name}", "en": "Profile of {name}"},
    "profile_pick": {"id": "Kabupaten/kota", "en": "Regency/city"},
    "profile_note_default": {
        "id": "Profil ini menampilkan {name}. Pilih kabupaten/kota lain di atas, atau satu kabupaten/kota di filter samping.",
        "en": "This profile shows {name}. Pick another regency above, or one regency in the sidebar filter.",
    },
    "profile_note_follows": {
        "id": "Profil ini menampilkan {name}, sesuai filter kabupaten/kota di samping.",
        "en": "This profile shows {name}, the regency selected in the sidebar filter.",
    },
    "profile_note_differs": {
        "id": "Profil ini menampilkan {name}, bukan pilihan filter di samping ({selected}). Angka provinsi di "
              "bawah tiap angka tidak memakai filter kabupaten/kota.",
        "en": "This profile shows {name}, not the sidebar's regency selection ({selected}). The province figures "
              "below each value ignore the regency filter.",
    },
    "profile_vs_province": {"id": "Angka kabupaten/kota ini; di bawahnya angka provinsi dengan pilihan lain yang sama.", "en": "This regency's figures; below each, the province's with the same other choices."},
    "profile_rank_title": {"id": "Peringkat di antara kabupaten/kota provinsinya", "en": "Rank among its province's regencies and cities"},
    "column_rank": {"id": "Peringkat", "en": "Rank"},
    "column_value": {"id": "Nilai", "en": "Value"},
    "rank_of": {"id": "{rank} dari {total}", "en": "{rank} of {total}"},
    "profile_others": {"id": "Semua kabupaten/kota", "en": "All regencies"},
    "profile_categories": {"id": "Kategori pelatihan teratas di {name}", "en": "Top training categories in {name}"},
    "profile_stories": {"id": "Cerita alumni dari {name}", "en": "Alumni stories from {name}"},
    "stories_none": {"id": "Tidak ada cerita yang sesuai filter.", "en": "No stories match the filters."},
    "stories_title": {"id": "Cerita alumni", "en": "Alumni stories"},
    "stories_intro": {"id": "Kisah nyata ditandai dengan sumbernya; kisah contoh dari data demo ditandai sintetis.", "en": "Real stories carry their source; example stories from the demo data are marked synthetic."},
    "story_real": {"id": "Kisah nyata · sumber: {source}", "en": "Real story · source: {source}"},
    "story_synthetic": {"id": "Contoh sintetis (data demo)", "en": "Synthetic example (demo data)"},
    "story_meta": {"id": "Gelombang {wave} · {category} · {regency}", "en": "Wave {wave} · {category} · {regency}"},
    "story_business": {"id": "Kini: {business}", "en": "Now: {business}"},
    "story_profile": {"id": "Profil {regency}", "en": "Profile of {regency}"},
    "export_alumni_title": {"id": "Data alumni Kartu Prakerja {place} (baris, pseudonim, k-anonim)", "en": "Kartu Prakerja alumni in {place} (rows, pseudonymous, k-anonymous)"},
    "export_regency_title": {"id": "Hasil alumni Kartu Prakerja per kabupaten/kota, {place}", "en": "Kartu Prakerja alumni outcomes per regency, {place}"},
    "export_table_title": {"id": "Tabel: {name}", "en": "Table: {name}"},
    "download": {"id": "Unduh", "en": "Download"},
    "download_table": {"id": "Unduh tabel ini", "en": "Download this table"},
    "download_alumni": {"id": "Unduh data alumni (baris)", "en": "Download alumni rows"},
    "download_alumni_help": {"id": "Baris alumni sesuai filter, pseudonim; kombinasi kabupaten × jenis kelamin × umur × tahun digabung bila kurang dari {k} orang.", "en": "The filtered alumni rows, pseudonymous; regency × gender × age × year combinations under {k} people are merged."},
    "download_format": {"id": "{format}", "en": "{format}"},
    "download_too_large": {"id": "Terlalu banyak baris untuk Excel ({rows}); pilih CSV atau Parquet.", "en": "Too many rows for Excel ({rows}); choose CSV or Parquet."},
    "present_title": {"id": "Kartu Prakerja di {place}", "en": "Kartu Prakerja in {place}"},
    "present_slide_kpis": {"id": "Angka utama", "en": "Headline figures"},
    "present_slide_map": {"id": "Sebaran alumni", "en": "Where the alumni are"},
    "present_slide_categories": {"id": "Pelatihan yang paling banyak diikuti", "en": "The most taken trainings"},
    "present_slide_outcomes": {"id": "Dari mendaftar hingga kini", "en": "From registration to today"},
    "present_slide_stories": {"id": "Cerita alumni", "en": "Alumni stories"},
    "present_slide_scan": {"id": "Pindai untuk menjelajah", "en": "Scan to explore"},
    "present_scan_hint": {"id": "Buka dasbor di ponsel Anda:", "en": "Open the dashboard on your phone:"},
    "present_scan_local": {"id": "Ponsel tidak dapat membuka tautan ini: alamatnya hanya berlaku di komputer ini. Atur PRAKERJA_PUBLIC_URL (atau public_url di secrets) ke alamat yang terjangkau ponsel, lalu mulai ulang.", "en": "Phones cannot open this link: its address only works on this computer. Set PRAKERJA_PUBLIC_URL (or public_url in secrets) to an address phones can reach, then restart."},
    "present_stories_page": {"id": "Cerita {first}–{last} dari {total}", "en": "Stories {first}–{last} of {total}"},
    "present_previous": {"id": "Sebelumnya", "en": "Previous"},
    "present_next": {"id": "Berikutnya", "en": "Next"},
    "present_pause": {"id": "Jeda", "en": "Pause"},
    "present_play": {"id": "Putar", "en": "Play"},
    "present_qr": {"id": "Kode QR", "en": "QR code"},
    "present_exit": {"id": "Keluar dari presentasi", "en": "Leave presentation"},
    "present_position": {"id": "Salindia {number} dari {total}", "en": "Slide {number} of {total}"},
    "present_keys": {"id": "Tombol: ← → pindah salindia · Spasi jeda/putar · Q kode QR · Esc keluar", "en": "Keys: ← → change slide · Space pause/play · Q QR code · Esc leave"},
    "present_start": {"id": "Mode presentasi", "en": "Presentation mode"},
    "page_admin": {"id": "Admin: impor data", "en": "Admin: import data"},
    "admin_title": {"id": "Impor data alumni", "en": "Import alumni data"},
    "admin_needs_role": {"id": "Halaman ini untuk admin: masuk dengan akun admin di panel samping. Akun dibuat di server: python -m prakerja_dash user add NAMA --role admin", "en": "This page is for administrators: sign in with an admin account in the sidebar. Accounts are made on the server: python -m prakerja_dash user add NAME --role admin"},
    "auth_sign_in": {"id": "Masuk (analis/admin)", "en": "Sign in (analyst/admin)"},
    "auth_sign_out": {"id": "Keluar", "en": "Sign out"},
    "auth_name": {"id": "Nama akun", "en": "Account name"},
    "auth_password": {"id": "Kata sandi", "en": "Password"},
    "auth_wrong": {"id": "Nama akun atau kata sandi salah.", "en": "Wrong account name or password."},
    "auth_locked": {"id": "Terlalu banyak percobaan gagal: akun dikunci sampai pukul {time}.", "en": "Too many failed attempts: the account is locked until {time}."},
    "auth_signed_in": {"id": "Masuk sebagai {user} ({role})", "en": "Signed in as {user} ({role})"},
    "role_public": {"id": "publik", "en": "public"},
    "role_analyst": {"id": "analis", "en": "analyst"},
    "role_admin": {"id": "admin", "en": "admin"},
    "download_alumni_signed_out": {"id": "Unduhan baris alumni hanya untuk analis yang masuk; publik melihat angka agregat.", "en": "Alumni-row downloads are for signed-in analysts; the public sees aggregates."},
    "admin_template": {"id": "Unduh templat (.xlsx)", "en": "Download the template (.xlsx)"},
    "admin_upload": {"id": "Berkas alumni (CSV, Excel atau Parquet, maks. {mb} MB)", "en": "Alumni file (CSV, Excel or Parquet, at most {mb} MB)"},
    "admin_sheet": {"id": "Lembar Excel (kosong = lembar pertama)", "en": "Excel sheet (empty = the first)"},
    "admin_keep_valid": {"id": "Muat baris yang sah walau ada yang ditolak", "en": "Load the valid rows even if some are rejected"},
    "admin_replace": {"id": "Jadikan berkas ini seluruh data (ganti semua)", "en": "Make this file the whole dataset (replace everything)"},
    "admin_run": {"id": "Impor", "en": "Import"},
    "admin_too_large": {"id": "Berkas melebihi {mb} MB.", "en": "The file is larger than {mb} MB."},
    "admin_summary": {"id": "Baris masuk {rows_in} = dimuat {loaded} + ditolak {rejected}", "en": "Rows in {rows_in} = loaded {loaded} + rejected {rejected}"},
    "admin_ignored": {"id": "Kolom diabaikan: {columns}", "en": "Columns ignored: {columns}"},
    "admin_personal": {"id": "Data pribadi tidak disimpan: {columns}", "en": "Personal data not stored: {columns}"},
    "admin_rejected_download": {"id": "Unduh baris yang ditolak", "en": "Download the rejected rows"},
    "admin_restore": {"id": "Pulihkan versi sebelumnya", "en": "Restore the previous version"},
    "admin_restored": {"id": "Dipulihkan dari {file}", "en": "Restored from {file}"},
    # Data contracts (data/contracts.sql): why an import was refused, one rule per contract.
    "contract_refused": {"id": "Impor dibatalkan: data melanggar aturan \"{rule}\" pada {count} baris (mis. {examples}). Data yang tersimpan tidak berubah.", "en": "Import cancelled: the data breaks the rule \"{rule}\" in {count} rows (e.g. {examples}). The stored data is unchanged."},
    "contract_database": {"id": "basis data {path} melanggar aturan \"{rule}\" pada {count} baris (mis. {examples}); basis data itu tidak dipakai", "en": "the database {path} breaks the rule \"{rule}\" in {count} rows (e.g. {examples}); it is not used"},
    "contract_more": {"id": "Aturan lain yang juga dilanggar: {rules}.", "en": "Other rules also broken: {rules}."},
    "contract_example_row": {"id": "baris {row}", "en": "row {row}"},
    "contract_example_stored": {"id": "{column} {value} (sudah tersimpan)", "en": "{column} {value} (already stored)"},
    "contract_alumni_id_unique": {"id": "setiap alumni hanya satu baris (id_peserta/NIK tidak berulang)", "en": "each alumnus has one row (no participant id or NIK repeats)"},
    "contract_outcome_id_unique": {"id": "setiap alumni paling banyak satu jawaban survei", "en": "each alumnus has at most one survey answer"},
    "contract_outcome_matches_alumnus": {"id": "setiap jawaban survei milik alumni yang terdaftar dan tidak bertanggal sebelum tanggal daftarnya", "en": "every survey answer belongs to a registered alumnus and is not dated before their registration"},
    "contract_alumni_regency_known": {"id": "kabupaten/kota alumni ada dalam tabel wilayah (kode Kemendagri)", "en": "the alumnus's regency is in the regions table (Kemendagri code)"},
    "contract_alumni_training_known": {"id": "pelatihan alumni ada di daftar pelatihan", "en": "the alumnus's training is in the list of trainings"},
    "contract_training_category_known": {"id": "kategori setiap pelatihan dikenal", "en": "every training's category is known"},
    "contract_story_references_known": {"id": "cerita alumni menyebut kabupaten/kota, kategori pelatihan dan gelombang yang dikenal", "en": "every story names a known regency, training category and wave"},
    "contract_categories_match_vocabulary": {"id": "daftar kategori memuat tepat kategori pelatihan yang dikenal", "en": "the category list holds exactly the known training categories"},
    "contract_business_sector_known": {"id": "bidang usaha kosong atau salah satu kategori pelatihan", "en": "a business's sector is empty or a training category"},
    "contract_business_sector_iff_started": {"id": "bidang usaha diisi tepat bila alumni memulai usaha", "en": "a business sector is recorded exactly when the alumnus started a business"},
    "contract_wave_in_its_year": {"id": "tahun sesuai gelombangnya", "en": "the year matches the wave"},
    "contract_scheme_of_wave": {"id": "skema (semi-bansos/normal) sesuai gelombangnya", "en": "the scheme (semi-social-assistance/normal) matches the wave"},
    "contract_benefits_of_scheme": {"id": "saldo pelatihan dan insentif sesuai skemanya", "en": "the training balance and incentives match the scheme"},
    "column_row": {"id": "Baris", "en": "Row"},
    "column_column": {"id": "Kolom", "en": "Column"},
    "column_rule": {"id": "Aturan", "en": "Rule"},
    "column_value_raw": {"id": "Nilai", "en": "Value"},
    "column_regency": {"id": "Kabupaten/kota", "en": "Regency/city"},
    "column_n": {"id": "n (alumni)", "en": "n (alumni)"},
    "privacy_footnote": {"id": "Angka sedikit disesuaikan untuk melindungi privasi alumni (metode cell key); angka dari kurang dari {k} alumni tidak ditampilkan.", "en": "Figures are slightly adjusted to protect alumni privacy (cell key method); figures from fewer than {k} alumni are not shown."},
    "demo_notice": {
        "id": "Data demo (sintetis): semua angka dibuat oleh program untuk peragaan, bukan data alumni sebenarnya.",
        "en": "Demo data (synthetic): all numbers are generated for demonstration, not real alumni data.",
    },
    "building_demo": {
        "id": "Menyiapkan data demo untuk pertama kali ({rows} alumni)…",
        "en": "Preparing the demo data for the first time ({rows} alumni)…",
    },
    "building_progress": {"id": "Membuat data demo: {step}", "en": "Building demo data: {step}"},
    "database_error": {
        "id": "Basis data tidak dapat dibuka ({error}). Admin: periksa berkas PRAKERJA_DB atau bangun ulang data demo.",
        "en": "The database cannot be opened ({error}). Admin: check the PRAKERJA_DB file or rebuild the demo data.",
    },
    "language": {"id": "Bahasa / Language", "en": "Bahasa / Language"},
    "filters": {"id": "Filter", "en": "Filters"},
    "filter_regency": {"id": "Kabupaten/kota", "en": "Regency/city"},
    "filter_waves": {"id": "Gelombang", "en": "Waves"},
    "filter_years": {"id": "Tahun", "en": "Years"},
    "filter_gender": {"id": "Jenis kelamin", "en": "Gender"},
    "filter_age": {"id": "Kelompok umur", "en": "Age band"},
    "filter_education": {"id": "Pendidikan", "en": "Education"},
    "filter_category": {"id": "Kategori pelatihan", "en": "Training category"},
    "filter_status": {"id": "Status kerja saat mendaftar", "en": "Work status at registration"},
    "filter_all": {"id": "Semua", "en": "All"},
    "filter_reset": {"id": "Hapus semua filter", "en": "Clear all filters"},
    "filter_link_problem": {
        "id": "Sebagian filter di tautan tidak dikenali dan diabaikan: {problems}",
        "en": "Some filters in the link were not recognised and were ignored: {problems}",
    },
    "gender_L": {"id": "Laki-laki", "en": "Men"},
    "gender_P": {"id": "Perempuan", "en": "Women"},
    "education_sd": {"id": "SD", "en": "Primary"},
    "education_smp": {"id": "SMP", "en": "Junior secondary"},
    "education_sma": {"id": "SMA/SMK", "en": "Senior secondary"},
    "education_diploma": {"id": "Diploma", "en": "Diploma"},
    "education_sarjana": {"id": "Sarjana", "en": "University degree"},
    "status_tidak_bekerja": {"id": "Tidak bekerja", "en": "Not working"},
    "status_pekerja": {"id": "Pekerja/karyawan", "en": "Employee"},
    "status_wirausaha": {"id": "Wirausaha", "en": "Running a business"},
    "dataset_demo": {"id": "Data demo", "en": "Demo data"},
    "dataset_import": {"id": "Data impor", "en": "Imported data"},
    "dataset_badge": {"id": "versi {version} · {date}", "en": "version {version} · {date}"},
    "dataset_file": {"id": "berkas {file}", "en": "file {file}"},
    "selection": {"id": "Pilihan: {description}", "en": "Selection: {description}"},
    "all_alumni": {"id": "semua alumni", "en": "all alumni"},
    "describe_waves": {"id": "gelombang {range}", "en": "waves {range}"},
    "describe_years": {"id": "tahun {range}", "en": "years {range}"},
    "describe_age": {"id": "umur {bands}", "en": "aged {bands}"},
    "describe_categories": {"id": "pelatihan {names}", "en": "training in {names}"},
    "describe_statuses": {"id": "saat mendaftar {names}", "en": "at registration {names}"},
    "kpi_alumni": {"id": "Alumni", "en": "Alumni"},
    "kpi_alumni_help": {"id": "Jumlah alumni yang sesuai filter.", "en": "Alumni matching the filters."},
    "kpi_pct_women": {"id": "Perempuan", "en": "Women"},
    "kpi_pct_women_help": {"id": "Persentase alumni perempuan.", "en": "Share of alumni who are women."},
    "kpi_pct_age_18_35": {"id": "Umur 18–35", "en": "Aged 18–35"},
    "kpi_pct_age_18_35_help": {
        "id": "Persentase alumni berumur 18–35 tahun saat mendaftar.",
        "en": "Share of alumni aged 18–35 at registration.",
    },
    "kpi_pct_not_working": {"id": "Tidak bekerja saat mendaftar", "en": "Not working at registration"},
    "kpi_pct_not_working_help": {
        "id": "Persentase alumni yang tidak bekerja saat mendaftar.",
        "en": "Share of alumni not working when they registered.",
    },
    "kpi_pct_now_employed": {"id": "Kini bekerja*", "en": "Now employed*"},
    "kpi_pct_now_employed_help": {
        "id": "Dari alumni yang tidak bekerja saat mendaftar dan mengisi survei: persentase yang kini bekerja.",
        "en": "Of surveyed alumni not working at registration: share now employed.",
    },
    "kpi_pct_now_business": {"id": "Kini berwirausaha*", "en": "Now running a business*"},
    "kpi_pct_now_business_help": {
        "id": "Dari alumni yang tidak bekerja saat mendaftar dan mengisi survei: persentase yang kini berwirausaha.",
        "en": "Of surveyed alumni not working at registration: share now running a business.",
    },
    "kpi_median_income_change": {"id": "Median perubahan pendapatan", "en": "Median income change"},
    "kpi_median_income_change_help": {
        "id": "Median perubahan pendapatan bulanan (sesudah − sebelum pelatihan) alumni yang kini berpenghasilan.",
        "en": "Median change in monthly income (after − before training) of surveyed alumni who now earn.",
    },
    "kpi_businesses_started": {"id": "Usaha dirintis", "en": "Businesses started"},
    "kpi_businesses_started_help": {
        "id": "Alumni yang memulai usaha setelah pelatihan.",
        "en": "Alumni who started a business after the training.",
    },
    "kpi_jobs_created": {"id": "Lapangan kerja tercipta", "en": "Jobs created"},
    "kpi_jobs_created_help": {
        "id": "Karyawan yang dipekerjakan oleh usaha rintisan alumni.",
        "en": "People employed by the businesses alumni started.",
    },
    "kpi_base_note": {
        "id": "Persentase: dari semua alumni yang sesuai filter; yang bertanda * dari alumni yang tidak bekerja saat "
              "mendaftar dan mengisi survei.",
        "en": "Percentages: of all alumni matching the filters; those marked * of surveyed alumni who were not "
              "working at registration.",
    },
    "long_pct_women": {"id": "Perempuan (% dari alumni)", "en": "Women (% of alumni)"},
    "long_pct_age_18_35": {"id": "Umur 18–35 (% dari alumni)", "en": "Aged 18–35 (% of alumni)"},
    "long_pct_not_working": {"id": "Tidak bekerja saat mendaftar (% dari alumni)", "en": "Not working at registration (% of alumni)"},
    "province_value": {"id": "Provinsi, pilihan sama: {value}", "en": "Province, same selection: {value}"},
    "national_value": {"id": "Nasional, pilihan sama: {value}", "en": "National, same selection: {value}"},
    "suppressed": {"id": "< {k}", "en": "< {k}"},
    "suppressed_help": {
        "id": "Disembunyikan: dihitung dari kurang dari {k} alumni, demi privasi.",
        "en": "Hidden: based on fewer than {k} alumni, to protect privacy.",
    },
    "n_behind": {"id": "n = {n}", "en": "n = {n}"},
    "trend_title": {"id": "Hasil dari waktu ke waktu", "en": "Outcomes over time"},
    "trend_by": {"id": "Per", "en": "By"},
    "period_year": {"id": "Tahun", "en": "Year"},
    "period_wave": {"id": "Gelombang", "en": "Wave"},
    "volume_title": {"id": "Alumni per {period}", "en": "Alumni per {period}"},
    "outcome_title": {
        "id": "Yang semula tidak bekerja:<br>kini bekerja / berwirausaha",
        "en": "Those not working at registration:<br>now employed / running a business",
    },
    "series_employed": {"id": "Kini bekerja", "en": "Now employed"},
    "series_business": {"id": "Kini berwirausaha", "en": "Now running a business"},
    "axis_alumni": {"id": "Alumni", "en": "Alumni"},
    "axis_share": {"id": "Persentase", "en": "Share"},
    "axis_income_change": {"id": "Median perubahan pendapatan bulanan", "en": "Median change in monthly income"},
    "axis_share_alumni": {"id": "% dari alumni", "en": "% of alumni"},
    "scheme_change": {"id": "Skema normal sejak 2023", "en": "Normal scheme from 2023"},
    "categories_title": {"id": "Kategori pelatihan teratas", "en": "Top training categories"},
    "column_category": {"id": "Kategori", "en": "Category"},
    "column_alumni": {"id": "Alumni", "en": "Alumni"},
    "column_employed": {"id": "Kini bekerja (% dari yang semula tidak bekerja)", "en": "Now employed (% of those not working before)"},
    "column_business": {"id": "Kini berwirausaha (% dari yang semula tidak bekerja)", "en": "Now running a business (% of those not working before)"},
    "column_n_base": {"id": "n (tidak bekerja, disurvei)", "en": "n (not working, surveyed)"},
    "column_year": {"id": "Tahun", "en": "Year"},
    "column_wave": {"id": "Gelombang", "en": "Wave"},
    "show_table": {"id": "Lihat sebagai tabel", "en": "Show as a table"},
    "no_data": {"id": "Tidak ada alumni yang sesuai filter.", "en": "No alumni match the filters."},
    # --- issue 22 (slides, map, charts): readable from the back of the ballroom ---
    "map_scale_legend_view": {"id": "skala: sesuai tampilan", "en": "scale: fitted to this view"},
    "map_scale_legend_province": {"id": "skala: tetap (provinsi)", "en": "scale: fixed (province)"},
    # --- issue 23, imports and the command line in the user's language (helper trust-imports) -----------
    # reading a file
    "imp_budget_elements": {"id": "buku kerja memuat lebih dari {elements} unsur XML; batas impor untuk berkas sebesar ini ({elements} unsur, {seconds} detik)", "en": "the workbook holds more than {elements} XML elements; the import limit for a file of this size ({elements} elements, {seconds} seconds)"},
    "imp_budget_seconds": {"id": "membaca berkas memakan lebih dari {seconds} detik waktu prosesor; batas impor untuk berkas sebesar ini ({seconds} detik)", "en": "reading the file took more than {seconds} seconds of processor time; the import limit for a file of this size ({seconds} seconds)"},
    "imp_empty": {"id": "berkas kosong", "en": "the file is empty"},
    "imp_too_big": {"id": "berkas {size} melebihi batas {limit}", "en": "the file is {size}, over the limit of {limit}"},
    "imp_sheet_only_excel": {"id": "{option} hanya untuk berkas Excel", "en": "{option} is only for Excel files"},
    "imp_old_excel": {"id": "berkas Excel lama (.xls) atau terkunci kata sandi; simpan sebagai .xlsx tanpa sandi", "en": "an old Excel file (.xls) or one locked by a password; save it as .xlsx without a password"},
    "imp_binary": {"id": "berkas biner, bukan CSV, Excel atau Parquet", "en": "a binary file, not CSV, Excel or Parquet"},
    "imp_too_wide": {"id": "baris {row} berisi nilai di luar kolom ke-{limit}; batas impor {limit} kolom", "en": "row {row} holds a value beyond column {limit}; the import limit is {limit} columns"},
    "imp_duplicate_columns": {"id": "kolom ganda di baris judul: {columns}", "en": "columns named twice in the header row: {columns}"},
    "imp_no_header": {"id": "baris judul kolom tidak ditemukan di {rows} baris pertama (lihat templat: {columns})", "en": "no header row in the first {rows} rows (see the template: {columns})"},
    "imp_blank_rows": {"id": "lebih dari {limit} baris kosong di bawah judul kolom; batas impor", "en": "more than {limit} blank rows below the header row; the import limit"},
    "imp_too_many_rows": {"id": "lebih dari {limit} baris data; batas impor {limit} baris per berkas", "en": "more than {limit} data rows; the import limit is {limit} rows per file"},
    "imp_encoding": {"id": "pengodean teks tidak dikenali (pakai UTF-8)", "en": "the text encoding is not recognised (use UTF-8)"},
    "imp_csv_field_too_long": {"id": "CSV rusak di baris {row}: satu isian lebih dari {limit} karakter (mungkin tanda kutip yang tidak ditutup)", "en": "broken CSV at row {row}: a field is longer than {limit} characters (an unclosed quote, perhaps)"},
    "imp_csv_broken": {"id": "CSV rusak di baris {row}: tanda kutip atau akhir baris tidak utuh", "en": "broken CSV at row {row}: an unbalanced quote or a cut line"},
    "imp_long_line": {"id": "baris teks ke-{line} lebih dari {limit} karakter; batas impor", "en": "text line {line} is longer than {limit} characters; the import limit"},
    "imp_zip_broken": {"id": "berkas zip rusak", "en": "a damaged zip file"},
    "imp_zip_not_excel": {"id": "berkas zip bukan buku kerja Excel (.xlsx)", "en": "the zip file is not an Excel workbook (.xlsx)"},
    "imp_excel_unreadable": {"id": "buku kerja Excel tidak dapat dibaca (susunannya tidak dikenal)", "en": "the Excel workbook cannot be read (its structure is not recognised)"},
    "imp_dtd": {"id": "buku kerja Excel memuat DTD; berkas seperti ini tidak dibaca", "en": "the Excel workbook holds a DTD; such files are not read"},
    "imp_part_missing": {"id": "bagian {part} tidak ada di buku kerja", "en": "the part {part} is missing from the workbook"},
    "imp_part_too_big": {"id": "bagian {part} buku kerja berukuran {size} setelah dibuka; batas impor {limit}", "en": "the workbook part {part} is {size} unpacked; the import limit is {limit}"},
    "imp_xml_broken": {"id": "buku kerja Excel rusak ({part}, baris XML {line}, kolom {column})", "en": "a damaged Excel workbook ({part}, XML line {line}, column {column})"},
    "imp_too_many_sheets": {"id": "buku kerja memuat lebih dari {limit} lembar", "en": "the workbook holds more than {limit} sheets"},
    "imp_sheet_missing": {"id": "lembar {sheet} tidak ada; lembar yang ada: {names}", "en": "there is no sheet {sheet}; the sheets are: {names}"},
    "imp_sheet_not_data": {"id": "lembar {sheet} bukan lembar data (mungkin grafik)", "en": "the sheet {sheet} is not a data sheet (a chart, perhaps)"},
    "imp_no_data_sheet": {"id": "buku kerja tidak memuat lembar data", "en": "the workbook holds no data sheet"},
    "imp_too_many_strings": {"id": "buku kerja memuat lebih dari {limit} teks berbeda; batas impor", "en": "the workbook holds more than {limit} distinct texts; the import limit"},
    "imp_too_many_chars": {"id": "teks buku kerja lebih dari {limit} karakter; batas impor", "en": "the workbook's texts are longer than {limit} characters; the import limit"},
    "imp_sheet_broken": {"id": "lembar Excel rusak (baris XML {line}, kolom {column})", "en": "a damaged Excel sheet (XML line {line}, column {column})"},
    "imp_excel_packing": {"id": "buku kerja Excel rusak (isi terkompresinya tidak utuh)", "en": "a damaged Excel workbook (its compressed content is incomplete)"},
    "imp_too_many_cells": {"id": "lembar memuat lebih dari {limit} sel; batas impor", "en": "the sheet holds more than {limit} cells; the import limit"},
    "imp_cell_address": {"id": "lembar Excel rusak (alamat sel {reference})", "en": "a damaged Excel sheet (cell address {reference})"},
    "imp_too_many_excel_rows": {"id": "lembar memuat lebih dari {limit} baris (batas Excel)", "en": "the sheet holds more than {limit} rows (the Excel limit)"},
    "imp_shared_missing": {"id": "lembar Excel rusak (teks bersama nomor {number} tidak ada)", "en": "a damaged Excel sheet (shared text number {number} is missing)"},
    "imp_parquet_tail": {"id": "berkas Parquet rusak (akhir berkas tidak utuh)", "en": "a damaged Parquet file (its end is cut off)"},
    "imp_parquet_footer": {"id": "metadata Parquet {size}; batas impor {limit}", "en": "Parquet metadata of {size}; the import limit is {limit}"},
    "imp_parquet_broken": {"id": "berkas Parquet rusak (metadatanya tidak dapat dibaca)", "en": "a damaged Parquet file (its metadata cannot be read)"},
    "imp_parquet_broken_at": {"id": "berkas Parquet rusak sekitar baris {row}", "en": "a damaged Parquet file around row {row}"},
    "imp_parquet_rows": {"id": "berkas Parquet memuat {rows} baris; batas impor {limit} baris", "en": "the Parquet file holds {rows} rows; the import limit is {limit} rows"},
    "imp_parquet_columns": {"id": "berkas Parquet memuat {columns} kolom; batas impor {limit} kolom", "en": "the Parquet file holds {columns} columns; the import limit is {limit} columns"},
    "imp_parquet_nested": {"id": "kolom {column} bertipe {kind}; hanya nilai tunggal yang dapat dibaca", "en": "the column {column} is of type {kind}; only single values can be read"},
    "imp_parquet_fixed": {"id": "kolom {column} bertipe {kind}; terlalu panjang untuk isian templat", "en": "the column {column} is of type {kind}; too long for any template field"},
    "imp_parquet_categories": {"id": "kolom kategori berkas Parquet ({columns}) berukuran {size} setelah dibuka; batas impor {limit} (simpan sebagai teks biasa)", "en": "the Parquet file's category columns ({columns}) are {size} unpacked; the import limit is {limit} (save them as plain text)"},
    "imp_parquet_unpacked": {"id": "kolom templat berkas Parquet berukuran {size} setelah dibuka; batas impor {limit}", "en": "the Parquet file's template columns are {size} unpacked; the import limit is {limit}"},
    "imp_parquet_groups": {"id": "berkas Parquet memuat {groups} kelompok baris; batas impor {limit}", "en": "the Parquet file holds {groups} row groups; the import limit is {limit}"},
    "imp_parquet_long_text": {"id": "kolom {column} memuat teks lebih dari {limit} karakter; tidak ada isian templat sepanjang itu", "en": "the column {column} holds a text longer than {limit} characters; no template field is that long"},
    # values in a row
    "val_too_long": {"id": "{what} lebih dari {limit} karakter", "en": "{what} is longer than {limit} characters"},
    "val_not_finite": {"id": "bukan angka yang sah (tak hingga atau NaN)", "en": "not a valid number (infinite or NaN)"},
    "val_gender": {"id": "jenis kelamin harus {first}, {second} atau {third}", "en": "gender must be \"{first}\", \"{second}\" or \"{third}\" (male/female)"},
    "val_yes_no": {"id": "harus {yes} atau {no}", "en": "must be \"{yes}\" or \"{no}\" (yes or no)"},
    "val_money_not_finite": {"id": "jumlah uang harus angka biasa, bukan tak hingga atau NaN", "en": "an amount of money must be a plain number, not infinite or NaN"},
    "val_money_negative": {"id": "jumlah uang tidak boleh negatif atau kosong", "en": "an amount of money cannot be negative or empty"},
    "val_money_too_high": {"id": "pendapatan bulanan di atas Rp 1 miliar tidak masuk akal", "en": "a monthly income above Rp 1 billion is not plausible"},
    "val_money_empty": {"id": "jumlah uang kosong", "en": "the amount of money is empty"},
    "val_money_unreadable": {"id": "bukan jumlah uang (contoh: Rp 1.500.000)", "en": "not an amount of money (for example: Rp 1.500.000)"},
    "val_excel_day_range": {"id": "nomor tanggal Excel di luar 1954-2064", "en": "an Excel date number outside 1954-2064"},
    "val_day_missing": {"id": "tanggal tidak ada di kalender", "en": "the date is not on the calendar"},
    "val_day_format": {"id": "tanggal harus dd/mm/yyyy atau yyyy-mm-dd", "en": "a date must be dd/mm/yyyy or yyyy-mm-dd"},
    "val_whole": {"id": "{what} harus bilangan bulat {low}-{high}", "en": "{what} must be a whole number {low}-{high}"},
    "val_whole_fraction": {"id": "{what} harus bilangan bulat {low}-{high}, tanpa pecahan", "en": "{what} must be a whole number {low}-{high}, without a fraction"},
    "val_whole_separator": {"id": "{what} harus bilangan bulat {low}-{high}, tanpa pecahan atau pemisah ribuan", "en": "{what} must be a whole number {low}-{high}, without a fraction or a thousands separator"},
    "val_regency": {"id": "kabupaten/kota di {province} tidak dikenal (nama, kode BPS 1501 atau kode Kemendagri 15.01)", "en": "not a regency or city of {province} (a name, the BPS code 1501 or the Kemendagri code 15.01)"},
    "val_regency_national": {"id": "kabupaten/kota tidak dikenal (nama, kode BPS 3273 atau kode Kemendagri 32.73)", "en": "not a known regency or city (a name, the BPS code 3273 or the Kemendagri code 32.73)"},
    "val_regency_ambiguous": {"id": "nama ini cocok untuk lebih dari satu kabupaten/kota ({names}); tulis kode Kemendagri-nya", "en": "this name fits more than one regency or city ({names}); write its Kemendagri code"},
    "val_regency_elsewhere": {"id": "{name} ada di Provinsi {province}, bukan di {home}: dasbor ini hanya memuat {home}", "en": "{name} is in {province} province, not in {home}: this dashboard holds {home} only"},
    "val_category": {"id": "kategori pelatihan tidak dikenal", "en": "unknown training category"},
    "val_status": {"id": "status kerja harus {first}, {second} atau {third}", "en": "work status must be \"{first}\", \"{second}\" or \"{third}\" (not working, employee, business)"},
    "val_education": {"id": "pendidikan harus {levels} atau {last}", "en": "education must be {levels} or {last}"},
    "val_nik_excel": {"id": "NIK rusak oleh Excel (ditulis sebagai angka 3.27305E+15); simpan kolom NIK sebagai teks", "en": "a NIK damaged by Excel (written as the number 3.27305E+15); keep the NIK column as text"},
    "val_nik_digits": {"id": "NIK harus 16 angka", "en": "a NIK must be 16 digits"},
    "val_nik_birth": {"id": "NIK memuat tanggal lahir yang tidak mungkin", "en": "the NIK holds an impossible birth date"},
    "val_id_number": {"id": "id tampak seperti NIK yang dirusak Excel (disimpan sebagai angka); simpan sebagai teks", "en": "the id looks like a NIK damaged by Excel (kept as a number); keep it as text"},
    "val_id_scientific": {"id": "id tampak seperti NIK yang dirusak Excel (ditulis sebagai angka 3.27305E+15); simpan sebagai teks", "en": "the id looks like a NIK damaged by Excel (written as the number 3.27305E+15); keep it as text"},
    "val_id_long_digits": {"id": "id memuat deretan 16 angka atau lebih, seperti NIK; id seperti ini tidak disimpan", "en": "the id holds a run of 16 or more digits, like a NIK; such an id is not stored"},
    "val_id_length": {"id": "{column} kosong atau lebih dari {limit} karakter", "en": "{column} is empty or longer than {limit} characters"},
    "val_id_control": {"id": "{column} memuat karakter kontrol (mis. NUL)", "en": "{column} holds a control character (NUL, say)"},
    "val_unreadable": {"id": "nilai tidak dapat dibaca", "en": "the value cannot be read"},
    "field_title": {"id": "judul pelatihan", "en": "the training title"},
    "field_provider": {"id": "lembaga pelatihan", "en": "the training provider"},
    "field_wave": {"id": "gelombang", "en": "the wave"},
    "field_age": {"id": "usia", "en": "the age"},
    "field_employees": {"id": "jumlah karyawan", "en": "the number of employees"},
    # checks across a row and across rows
    "chk_missing_columns": {"id": "kolom wajib tidak ada", "en": "a required column is missing"},
    "chk_either": {"id": "{first} atau {second}", "en": "{first} or {second}"},
    "chk_no_rows": {"id": "tidak ada baris data di bawah judul kolom", "en": "no data rows below the header row"},
    "chk_age_at_registration": {"id": "usia saat mendaftar harus 18-64", "en": "the age at registration must be 18-64"},
    "chk_incomes_required": {"id": "wajib diisi bila {column} diisi", "en": "required when {column} is filled in"},
    "chk_required": {"id": "wajib diisi", "en": "required"},
    "chk_duplicate": {"id": "peserta yang sama muncul lebih dari sekali", "en": "the same participant appears more than once"},
    "chk_nik_zeroed": {"id": "NIK berakhiran 0 di sebagian besar baris: digit terakhir dinolkan oleh Excel; simpan NIK sebagai teks", "en": "most rows' NIKs end in 0: Excel zeroed the last digit; keep NIKs as text"},
    "chk_registered_early": {"id": "tanggal daftar sebelum Kartu Prakerja dibuka pada {opened}; tidak ada yang terdaftar sebelumnya", "en": "a registration date before Kartu Prakerja opened on {opened}; nobody registered earlier"},
    "chk_registered_after_last": {"id": "tanggal daftar setelah gelombang terakhir (71) berakhir ({last})", "en": "a registration date after the last wave (71) ended ({last})"},
    "chk_registered_late": {"id": "tanggal daftar terlalu lambat untuk gelombang {wave}: peserta gelombang {wave} terdaftar antara {opened} (program dibuka) dan {latest} ({reason})", "en": "a registration date too late for wave {wave}: wave {wave} registered between {opened} (the programme opened) and {latest} ({reason})"},
    "chk_reason_next_wave": {"id": "gelombang {following} dibuka hari itu, setelah gelombang {wave} ditutup", "en": "wave {following} opened that day, after wave {wave} closed"},
    "chk_reason_last_wave": {"id": "akhir tahun gelombang {wave}, gelombang terakhir", "en": "the end of the year of wave {wave}, the last wave"},
    # the import as a whole
    "imp_key_created": {"id": "PRAKERJA_ID_KEY tidak diatur: kunci acak dibuat di {path}. Simpan salinannya; tanpa kunci yang sama, NIK yang sama akan mendapat ID lain pada impor berikutnya.", "en": "PRAKERJA_ID_KEY is not set: a random key was made at {path}. Keep a copy; without the same key, the same NIK gets another id at the next import."},
    "imp_busy": {"id": "impor lain sedang berjalan; coba lagi setelah selesai", "en": "another import is running; try again when it has finished"},
    "imp_disk_full": {"id": "disk penuh: impor dibatalkan dan data lama tidak berubah; kosongkan ruang di {folder} lalu coba lagi", "en": "the disk is full: the import was cancelled and the old data is unchanged; free space in {folder} and try again"},
    "imp_read_only": {"id": "folder {folder} hanya dapat dibaca (sistem berkas hanya-baca); data lama tidak berubah", "en": "the folder {folder} can only be read (a read-only file system); the old data is unchanged"},
    "imp_no_permission": {"id": "tidak ada izin menulis di {folder}; data lama tidak berubah", "en": "no permission to write in {folder}; the old data is unchanged"},
    "imp_unexpected": {"id": "impor gagal karena kesalahan tak terduga ({kind}); data lama tidak berubah dan rinciannya dicatat di log", "en": "the import failed on an unexpected error ({kind}); the old data is unchanged and the details are in the log"},
    "imp_stopped": {"id": "sedikitnya {problems} masalah: pemeriksaan berhenti di baris {row} dan tidak ada yang dimuat", "en": "at least {problems} problems: checking stopped at row {row} and nothing was loaded"},
    "imp_problems": {"id": "{problems} masalah ditemukan; tidak ada yang dimuat", "en": "problems found: {problems}; nothing was loaded"},
    "imp_no_valid_rows": {"id": "tidak ada baris yang sah untuk dimuat", "en": "no valid rows to load"},
    "imp_already_loaded": {"id": "berkas ini sudah dimuat; tidak ada yang berubah", "en": "this file is already loaded; nothing changed"},
    "imp_loaded": {"id": "{loaded} alumni dimuat ({mode}); versi data {version}", "en": "{loaded} alumni loaded ({mode}); data version {version}"},
    "imp_mode_gabung": {"id": "gabung", "en": "merged"},
    "imp_mode_ganti": {"id": "ganti", "en": "replaced"},
    "imp_file_missing": {"id": "berkas tidak dapat dibaca (tidak ditemukan)", "en": "the file cannot be read (not found)"},
    "imp_file_no_permission": {"id": "berkas tidak dapat dibaca (tidak ada izin membaca)", "en": "the file cannot be read (no permission to read it)"},
    "imp_file_os_error": {"id": "berkas tidak dapat dibaca (kesalahan sistem {code})", "en": "the file cannot be read (system error {code})"},
    "imp_no_backup": {"id": "tidak ada cadangan di {folder}", "en": "no backup in {folder}"},
    "db_locked": {"id": "basis data {path} sedang dipakai dan dikunci oleh proses lain{holder}; tutup proses itu lalu coba lagi", "en": "the database {path} is in use and locked by another process{holder}; close that process and try again"},
    "db_not_duckdb": {"id": "{path} bukan berkas basis data DuckDB; pilih berkas lain dengan --db", "en": "{path} is not a DuckDB database file; choose another file with --db"},
    "db_is_folder": {"id": "{path} adalah folder, bukan berkas basis data", "en": "{path} is a folder, not a database file"},
    "db_not_ours": {"id": "{path} adalah basis data DuckDB, tetapi bukan basis data dasbor ini (tidak ada {table})", "en": "{path} is a DuckDB database, but not this dashboard's (it has no {table})"},
    "db_never_finished": {"id": "{path} tidak lengkap: pembuatannya tidak selesai (tidak ada baris {table})", "en": "{path} is incomplete: it was never finished (no {table} row)"},
    # the command line
    "cli_error": {"id": "kesalahan: {message}", "en": "error: {message}"},
    "cli_warning": {"id": "peringatan: {message}", "en": "warning: {message}"},
    "cli_built": {"id": "basis data demo {path} dibuat: {rows} alumni, seed {seed}, {seconds} detik", "en": "built the demo database {path}: {rows} alumni, seed {seed}, {seconds} s"},
    "cli_template_written": {"id": "templat ditulis: {path}", "en": "template written: {path}"},
    "cli_restored": {"id": "dipulihkan dari cadangan {path}", "en": "restored from the backup {path}"},
    "cli_exported": {"id": "{rows} baris ditulis ({filters}){note}: {files}", "en": "wrote {rows} rows ({filters}){note}: {files}"},
    "cli_export_left_out": {"id": "; {count} tidak disertakan agar setiap kombinasi berisi sedikitnya {k} orang", "en": "; {count} left out to keep every combination at {k} people or more"},
    "cli_view_needs_table": {"id": "{view} perlu {table} (daftar tabel tiap tampilan ada di /api/v1/)", "en": "{view} needs {table} (/api/v1/ lists the tables of each page)"},
    "cli_bad_period": {"id": "{option} {value} bukan rentang gelombang AWAL-AKHIR dalam {allowed}", "en": "{option} {value} is not a range of waves FIRST-LAST within {allowed}"},
    "cli_no_folder": {"id": "folder {folder} tidak ada", "en": "the folder {folder} does not exist"},
    "cli_disk_full": {"id": "disk penuh saat menulis {path}; kosongkan ruang lalu coba lagi", "en": "the disk filled up while writing {path}; free space and try again"},
    "cli_file_missing": {"id": "berkas atau folder {path} tidak ada", "en": "there is no file or folder {path}"},
    "cli_no_permission": {"id": "tidak ada izin untuk {path}", "en": "no permission for {path}"},
    "cli_read_only": {"id": "{path} berada di sistem berkas hanya-baca", "en": "{path} is on a read-only file system"},
    "cli_os_error": {"id": "kesalahan sistem {code} pada {path}", "en": "system error {code} on {path}"},
    "cli_unexpected": {"id": "kesalahan tak terduga ({kind}); rinciannya dicatat di {log}", "en": "an unexpected error ({kind}); the details are in {log}"},
    "cli_import_summary": {"id": "baris masuk {rows_in} = dimuat {loaded} + ditolak {rejected}", "en": "rows in {rows_in} = loaded {loaded} + rejected {rejected}"},
    "cli_ignored_columns": {"id": "kolom diabaikan: {columns}", "en": "columns ignored: {columns}"},
    "cli_personal_dropped": {"id": "data pribadi tidak disimpan: {columns}", "en": "personal data not stored: {columns}"},
    "cli_problem_row": {"id": "baris {row}, kolom {column}: {rule}", "en": "row {row}, column {column}: {rule}"},
    "cli_problem_value": {"id": " (nilai: {value})", "en": " (value: {value})"},
    "cli_more_problems": {"id": "… dan {count} masalah lain", "en": "… and {count} more problems"},
    "cli_rejected_file": {"id": "baris yang ditolak: {path}", "en": "rejected rows: {path}"},
    "cli_password": {"id": "kata sandi untuk {name}: ", "en": "password for {name}: "},
    "cli_password_again": {"id": "ulangi kata sandi: ", "en": "the password again: "},
    "cli_passwords_differ": {"id": "kedua kata sandi berbeda", "en": "the two passwords differ"},
    "cli_account_saved": {"id": "akun {name} ({role}) disimpan di {path}", "en": "account {name} ({role}) saved in {path}"},
    "cli_account_removed": {"id": "akun {name} dihapus", "en": "account {name} removed"},
    "cli_rows_range": {"id": "harus antara {low} dan {high}", "en": "must be between {low} and {high}"},
    "cli_usage": {"id": "pemakaian: ", "en": "usage: "},
    "cli_arg_required": {"id": "argumen wajib belum diberikan: {names}", "en": "required arguments missing: {names}"},
    "cli_arg_choice": {"id": "argumen {argument}: pilihan {value} tidak dikenal (pilih dari {choices})", "en": "argument {argument}: unknown choice {value} (choose from {choices})"},
    "cli_arg_one_value": {"id": "argumen {argument}: perlu satu nilai", "en": "argument {argument}: needs one value"},
    "cli_arg_unrecognised": {"id": "argumen tidak dikenal: {names}", "en": "unrecognised arguments: {names}"},
    "cli_arg_invalid": {"id": "argumen {argument}: nilai {value} tidak sah", "en": "argument {argument}: invalid value {value}"},
    "cli_arg_rule": {"id": "argumen {argument}: {rule}", "en": "argument {argument}: {rule}"},
    "cli_arg_ambiguous": {"id": "opsi {option} ambigu: bisa berarti {matches}", "en": "ambiguous option {option}: it could be {matches}"},
    "cli_no_database": {"id": "tidak ada basis data di {path}; buat dulu dengan `python -m prakerja_dash build-demo`", "en": "no database at {path}; make one with `python -m prakerja_dash build-demo`"},
    "cli_boundaries_unusable": {"id": "{path}: tidak dapat dipakai untuk peta", "en": "{path}: cannot be used for the map"},
    "cli_boundary_match": {"id": "{code}  {name} <- fitur {feature}", "en": "{code}  {name} <- feature {feature}"},
    "cli_boundaries_ok": {"id": "ke-11 kabupaten/kota cocok; {size} bita GeoJSON setelah disederhanakan", "en": "all 11 regencies matched; {size} bytes of GeoJSON after simplification"},
    "cli_audit_skipped": {"id": "# {count} baris tidak terbaca dilewati", "en": "# {count} unreadable line(s) skipped"},
    "cli_arg_other": {"id": "argumen tidak sah; lihat --help", "en": "invalid arguments; see --help"},
    # lang helper (#23 item 7): the command line's help, accounts, passwords, rejected rows, database faults
    "cli_help_description": {"id": "Dasbor alumni Kartu Prakerja lewat baris perintah: membuat data demo, melihat isi basis data, mengekspor, mengimpor, memulihkan cadangan, mengelola akun dan membaca jejak audit. Setiap pesan memakai bahasa pilihan --lang (id atau en; bawaan id).",
                             "en": "The Kartu Prakerja alumni dashboard on the command line: build demo data, see what the database holds, export, import, restore a backup, manage accounts and read the audit trail. Every message is in the language of --lang (id or en; default id)."},
    "cli_help_positionals": {"id": "argumen posisi", "en": "positional arguments"},
    "cli_help_options": {"id": "opsi", "en": "options"},
    "cli_help_help": {"id": "tampilkan bantuan ini lalu keluar", "en": "show this help message and exit"},
    "cli_help_lang": {"id": "bahasa pesan dan metadata (id atau en; bawaan id)", "en": "language of messages and metadata (id or en; default id)"},
    "cli_help_db": {"id": "berkas basis data (bawaan: $PRAKERJA_DB, jika tidak data/prakerja.duckdb)", "en": "database file (default: $PRAKERJA_DB, else data/prakerja.duckdb)"},
    "cli_help_filters": {"id": "filter (nama dan nilainya sama seperti di URL dasbor)", "en": "filters (same names and values as the dashboard's URL)"},
    "cli_help_build": {"id": "buat basis data demo sintetis", "en": "build the synthetic demo database"},
    "cli_help_rows": {"id": "jumlah alumni yang dibuat ({low} sampai {high}; bawaan {default})", "en": "alumni to generate ({low} to {high}; default {default})"},
    "cli_help_seed": {"id": "seed acak (bawaan {default})", "en": "random seed (default {default})"},
    "cli_interrupted": {"id": "dibatalkan; tidak ada yang diubah", "en": "cancelled; nothing was changed"},
    "cli_help_national": {"id": "seluruh 38 provinsi, sebanding dengan jumlah alumninya (Jambi seperti demo Jambi)", "en": "all 38 provinces, in proportion to their alumni (Jambi as in the Jambi demo)"},
    "cli_help_info": {"id": "tampilkan isi basis data sebagai JSON", "en": "print what the database holds, as JSON"},
    "cli_help_export": {"id": "tulis data terfilter sebagai CSV, Excel, Parquet atau zip", "en": "write the filtered data as CSV, Excel, Parquet or a zip"},
    "cli_help_format": {"id": "format berkas", "en": "file format"},
    "cli_help_out": {"id": "berkas yang ditulis (CSV juga menulis {metavar}.metadata.json)", "en": "file to write (CSV also writes {metavar}.metadata.json)"},
    "cli_help_level": {"id": "{alumni}: baris alumni (k-anonim); {regency}: tabel halaman Peta untuk kabupaten/kota terpilih, sama seperti {same} (bawaan {alumni})", "en": "{alumni}: alumni rows (k-anonymous); {regency}: the Map page's table of the chosen regencies, as {same} (default {alumni})"},
    "cli_help_view": {"id": "tampilan terbitan sebuah halaman: bersama {table}, salah satu tabelnya ({index} mendaftar semuanya)", "en": "a page's published view: with {table}, one of its tables ({index} lists them)"},
    "cli_help_table": {"id": "tabel dari {view} yang ditulis", "en": "the table of {view} to write"},
    "cli_help_profil": {"id": "bersama {view}: kabupaten/kota yang ditampilkan profil", "en": "with {view}: the regency the profile shows"},
    "cli_help_period": {"id": "bersama {view}: periode {period} perbandingan (bawaan {default})", "en": "with {view}: period {period} of the comparison (default {default})"},
    "cli_help_import": {"id": "muat berkas alumni asli (CSV, Excel, Parquet)", "en": "load a real alumni file (CSV, Excel, Parquet)"},
    "cli_help_import_file": {"id": "berkas alumni yang dimuat", "en": "the alumni file to load"},
    "cli_help_sheet": {"id": "lembar Excel yang dibaca (bawaan: lembar pertama)", "en": "Excel sheet to read (default: the first)"},
    "cli_help_keep_valid": {"id": "muat baris yang sah walaupun ada yang ditolak; yang ditolak ditulis ke sebuah berkas", "en": "load the valid rows even if some are rejected; the rejected ones go to a file"},
    "cli_help_replace": {"id": "jadikan berkas ini seluruh data", "en": "make this file the whole dataset"},
    "cli_help_rejected": {"id": "tempat baris yang ditolak ditulis bersama {keep_valid} (bawaan {default})", "en": "where rejected rows go with {keep_valid} (default {default})"},
    "cli_help_template": {"id": "tulis templat impor (.xlsx)", "en": "write the import template (.xlsx)"},
    "cli_help_template_out": {"id": "berkas yang ditulis (bawaan {default})", "en": "file to write (default {default})"},
    "cli_help_restore": {"id": "jadikan sebuah cadangan data aktif lagi", "en": "make a backup the live data again"},
    "cli_help_backup": {"id": "berkas cadangan (bawaan: yang terbaru)", "en": "backup file (default: the newest)"},
    "cli_help_boundaries": {"id": "periksa berkas batas wilayah kabupaten/kota", "en": "check a regency boundary file"},
    "cli_help_check": {"id": "cocokkan setiap kabupaten/kota dengan fitur dari {metavar}", "en": "match each regency to a feature of {metavar}"},
    "cli_help_boundary_file": {"id": "berkas vektor (bawaan: $PRAKERJA_BOUNDARIES, jika tidak berkas Jambi bawaan di data/boundaries)", "en": "vector file (default: $PRAKERJA_BOUNDARIES, else Jambi's shipped file in data/boundaries)"},
    "cli_help_audit": {"id": "tampilkan jejak audit (ekspor, impor, pemulihan, upaya masuk)", "en": "print the audit trail (exports, imports, restores, sign-ins)"},
    "cli_help_since": {"id": "hari pertama yang ditampilkan (TTTT-BB-HH)", "en": "first day to show (YYYY-MM-DD)"},
    "cli_help_user": {"id": "akun masuk untuk analis dan admin", "en": "sign-in accounts for analysts and admins"},
    "cli_help_user_add": {"id": "buat akun (kata sandinya akan ditanyakan)", "en": "create an account (asks for its password)"},
    "cli_help_user_name": {"id": "nama akun", "en": "account name"},
    "cli_help_role": {"id": "peran akun", "en": "the account's role"},
    "cli_help_user_remove": {"id": "hapus akun", "en": "delete an account"},
    "cli_help_user_list": {"id": "daftar akun beserta perannya", "en": "list the accounts and their roles"},
    "cli_metavar_value": {"id": "NILAI", "en": "VALUE"},
    "cli_metavar_file": {"id": "BERKAS", "en": "FILE"},
    "cli_metavar_range": {"id": "AWAL-AKHIR", "en": "FIRST-LAST"},
    "cli_metavar_count": {"id": "JUMLAH", "en": "COUNT"},
    "cli_metavar_number": {"id": "ANGKA", "en": "NUMBER"},
    "cli_metavar_sheet": {"id": "LEMBAR", "en": "SHEET"},
    "cli_metavar_table": {"id": "TABEL", "en": "TABLE"},
    "cli_metavar_code": {"id": "KODE", "en": "CODE"},
    "cli_metavar_date": {"id": "TANGGAL", "en": "DATE"},
    "cli_metavar_name": {"id": "NAMA", "en": "NAME"},
    "cli_rejected_suffix": {"id": ".ditolak.csv", "en": ".rejected.csv"},
    "cli_filter_unreadable": {"id": "sebuah nilai filter tidak dapat dibaca", "en": "a filter value cannot be read"},
    "cli_password_from_input": {"id": "tidak ada terminal: kata sandi dibaca dari masukan standar dan tidak ditampilkan", "en": "no terminal: the password is read from standard input and not shown"},
    "cli_no_password": {"id": "kata sandi tidak diberikan (masukan berakhir sebelumnya)", "en": "no password was given (the input ended first)"},
    "cli_unknown_profile": {"id": "{option} {value}: kabupaten/kota ini tidak dikenal", "en": "{option} {value}: this regency is not known"},
    "cli_unknown_table": {"id": "tampilan {view} tidak memiliki tabel {table}; pilih salah satu: {tables}", "en": "the view {view} has no table {table}; choose one of: {tables}"},
    "cli_seed_rule": {"id": "harus bilangan bulat 0 atau lebih", "en": "must be a whole number, 0 or more"},
    "imp_rejected_row": {"id": "baris", "en": "row"},
    "imp_rejected_problems": {"id": "masalah", "en": "problems"},
    "db_unopenable": {"id": "basis data {path} tidak dapat dibuka oleh DuckDB; rinciannya dicatat di log", "en": "DuckDB cannot open the database {path}; the details are in the log"},
    "db_incomplete": {"id": "{path} tidak lengkap atau rusak (keterangan datanya tidak terbaca); rinciannya dicatat di log", "en": "{path} is incomplete or damaged (its dataset record cannot be read); the details are in the log"},
    "db_corrupt": {"id": "basis data {path} rusak (DuckDB menemukan blok yang tidak utuh); pulihkan sebuah cadangan ({restore})", "en": "the database {path} is damaged (DuckDB found a broken block); bring a backup back ({restore})"},
    "account_bad_name": {"id": "nama akun harus 1 sampai 64 huruf, angka atau . _ @ -", "en": "an account name must be 1 to 64 letters, digits or . _ @ -"},
    "account_bad_role": {"id": "peran harus salah satu dari {roles}", "en": "the role must be one of {roles}"},
    "account_short_password": {"id": "kata sandi harus sedikitnya {length} karakter", "en": "the password must be at least {length} characters long"},
    "account_unknown": {"id": "akun {name} tidak ada", "en": "there is no account {name}"},
    "account_file_unreadable": {"id": "berkas akun {path} tidak dapat dibaca sebagai JSON; perbaiki atau pindahkan berkas itu", "en": "the accounts file {path} cannot be read as JSON; repair or move that file"},
    # trend helper (#22): what changes over the years and waves, beside PMO's published survey figures
    "trend_outcome_title": {
        "id": "Yang tidak bekerja saat mendaftar: kini bekerja / berwirausaha per {period}",
        "en": "Not working at registration: now employed / running a business, per {period}",
    },
    "trend_base_tick": {"id": "n = {n}", "en": "n = {n}"},
    "trend_base_hidden_tick": {"id": "n < {k}", "en": "n < {k}"},
    "trend_point_hover": {"id": "{period} · {series}: {value}<br>dari {n} alumni yang tidak bekerja saat mendaftar dan disurvei",
                          "en": "{period} · {series}: {value}<br>of {n} alumni not working at registration and surveyed"},
    "trend_hidden": {"id": "< {k}: disembunyikan", "en": "< {k}: hidden"},
    "trend_hidden_hover": {"id": "{period} · {series}: disembunyikan (kurang dari {k} alumni)",
                           "en": "{period} · {series}: hidden (fewer than {k} alumni)"},
    "trend_nobody_hover": {"id": "{period} · {series}: tidak ada alumni", "en": "{period} · {series}: no alumni"},
    "trend_published": {"id": "Survei PMO, nasional", "en": "PMO survey, national"},
    "trend_published_hover": {"id": "Survei PMO {year}, nasional · {series}: {value}<br>Sumber: {source}",
                              "en": "PMO survey {year}, national · {series}: {value}<br>Source: {source}"},
    "trend_cumulative": {"id": "{area}, kumulatif: {values}", "en": "{area}, cumulative: {values}"},
    "trend_cumulative_hover": {"id": "Survei PMO, kumulatif, {area}: {values}<br>Sumber: {source}",
                               "en": "PMO survey, cumulative, {area}: {values}<br>Source: {source}"},
    "trend_area_jambi": {"id": "Jambi", "en": "Jambi"},
    "trend_area_national": {"id": "Nasional", "en": "National"},
    "trend_note_year": {
        "id": "Dari alumni yang tidak bekerja saat mendaftar dan mengisi survei (n di bawah tiap tahun). Garis hitam pendek: angka survei PMO nasional untuk tahun itu; garis titik-titik: angka kumulatif Jambi. Arahkan kursor untuk sumbernya.",
        "en": "Of the alumni not working at registration who answered the survey (n under each year). Short black dashes: PMO's national survey figure for that year; dotted line: Jambi's cumulative figure. Hover for the sources.",
    },
    "trend_note_wave": {
        "id": "Dari alumni yang tidak bekerja saat mendaftar dan mengisi survei (n di tiap titik). Garis hitam putus-putus: angka survei PMO nasional untuk gelombang tahun itu; garis titik-titik: angka kumulatif Jambi. Arahkan kursor untuk sumbernya.",
        "en": "Of the alumni not working at registration who answered the survey (n at each point). Black dashes: PMO's national survey figure across that year's waves; dotted line: Jambi's cumulative figure. Hover for the sources.",
    },
    # maps helper (#21/#22/#23): boundary files' problems, the national map's legend
    "boundary_no_file": {"id": "tidak ada berkas di {path}", "en": "no file at {path}"},
    "boundary_unreadable": {"id": "bukan berkas vektor yang dapat dibaca GeoPandas ({error})",
                            "en": "not a vector file GeoPandas can read ({error})"},
    "boundary_no_features": {"id": "berkas ini tidak memuat fitur bergeometri",
                             "en": "the file holds no features with geometry"},
    "boundary_no_crs": {"id": "berkas ini tidak punya sistem koordinat dan tidak dalam derajat",
                        "en": "the file has no coordinate reference system and is not in degrees"},
    "boundary_no_columns": {"id": "tidak ada kolom kode atau nama kabupaten/kota (kolom: {columns})",
                            "en": "no regency code or name column found (columns: {columns})"},
    "boundary_no_columns_none": {"id": "tidak ada", "en": "none"},
    "boundary_in_other_province": {"id": "fitur {feature} ada di {other}, di luar {province}",
                                   "en": "feature {feature} is in {other}, outside {province}"},
    "boundary_outside": {"id": "fitur {feature} terletak di luar {province}",
                         "en": "feature {feature} lies outside {province}"},
    "boundary_unmatched": {"id": "fitur {feature} tidak cocok dengan kabupaten/kota mana pun di {province}",
                           "en": "feature {feature} matches no {province} regency"},
    "boundary_unmatched_province": {"id": "fitur {feature} tidak cocok dengan provinsi mana pun",
                                    "en": "feature {feature} matches no province"},
    "boundary_twice": {"id": "{name} muncul dua kali: fitur {first} dan {second}",
                       "en": "{name} appears twice: features {first} and {second}"},
    "boundary_missing": {"id": "tidak ada fitur untuk {names}", "en": "no feature for {names}"},
    "boundary_unknown_province": {
        "id": "{code} bukan kode provinsi Kemendagri (mis. 32 untuk Jawa Barat)",
        "en": "{code} is not a Kemendagri province code (e.g. 32 for Jawa Barat)"},
    "map_scale_legend_national": {"id": "skala: tetap (nasional)", "en": "scale: fixed (national)"},
    "map_names_left_out": {"id": "{count} nama tak muat: tunjuk wilayahnya",
                           "en": "{count} names do not fit: point at the area"},
}


def t(key: str, lang: str, **values: object) -> str:
    """The catalogue text for `key` in `lang`, with `{placeholders}` filled. `{place}` and `{area}`
    are the deployment's home (PRAKERJA_SCOPE) unless given: 'Jambi' and "the 11 kabupaten/kota of
    Jambi province", or 'Indonesia' and "the 514 kabupaten/kota of 38 provinces"."""
    text = CATALOGUE[key][lang if lang in LANGUAGES else DEFAULT_LANGUAGE]
    if "{place}" in text or "{area}" in text:
        values = home_words(lang) | values
    return text.format(**values) if values else text


def home_words(lang: str) -> dict[str, str]:
    """`place` and `area` of the deployment's home, in `lang`."""
    home, index = scope_province(), region_index()
    if home is None:
        units, provinces = len(index.kabupaten_kota()), len(index.provinces())
        return {"place": "Indonesia", "area": t("area_national", lang, units=units, provinces=provinces)}
    name = index[home].short_name
    return {"place": name, "area": t("area_province", lang, units=len(index.kabupaten_kota(home)), province=name)}


# --- numbers ---------------------------------------------------------------
# One format per language, used by every figure (text, hover, ticks), table, card and export:
#   Indonesian 1.234 · 12,3 % · Rp 1,2 jt · Rp 550 rb     English 1,234 · 12.3 % · Rp 1.2 M · Rp 550 K
# Plotly writes the same digits with `plotly_separators(lang)` (layout.separators) and ",.0f".
_SEPARATORS = {"id": (".", ","), "en": (",", ".")}  # (thousands, decimal)
_RUPIAH_UNITS = {"id": ((1e12, "T"), (1e9, "M"), (1e6, "jt"), (1e3, "rb")),
                 "en": ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K"))}
PERCENT_SUFFIX = " %"


def plotly_separators(lang: str) -> str:
    """layout.separators for Plotly: decimal mark first, then the thousands mark."""
    thousands, decimal = _SEPARATORS.get(lang, _SEPARATORS[DEFAULT_LANGUAGE])
    return decimal + thousands


def format_number(value: float, lang: str, decimals: int = 0) -> str:
    """1.234,5 in Indonesian, 1,234.5 in English."""
    thousands, decimal = _SEPARATORS.get(lang, _SEPARATORS[DEFAULT_LANGUAGE])
    text = f"{round(value, decimals) + 0.0:,.{decimals}f}"  # + 0.0 turns -0.0 into 0.0
    return text.replace(",", "\0").replace(".", decimal).replace("\0", thousands)


def format_int(value: float, lang: str) -> str:
    """1.234.567 in Indonesian, 1,234,567 in English."""
    return format_number(round(value), lang)


def format_pct(share: float, lang: str, decimals: int = 1) -> str:
    """A share (0.123) as 12,3 % / 12.3 %."""
    return format_number(share * 100, lang, decimals) + PERCENT_SUFFIX


def _rupiah_unit(magnitude: float, lang: str) -> tuple[float, str]:
    """The unit a magnitude is written in: (its size, its abbreviation); (1, "") below a thousand."""
    units = _RUPIAH_UNITS.get(lang, _RUPIAH_UNITS[DEFAULT_LANGUAGE])
    for size, unit in units:
        # 999.960 is written "1 jt", not "1.000 rb": the unit is chosen after rounding.
        if round(magnitude / size, 1 if magnitude < 100 * size else 0) >= 1:
            return size, unit
    return 1.0, ""


def _scaled(value: float, size: float, lang: str) -> str:
    scaled = value / size
    decimals = 0 if size == 1 or round(scaled, 1) >= 100 or float(round(scaled, 1)).is_integer() else 1
    return format_number(scaled, lang, decimals)


def format_rupiah(value: float, lang: str, signed: bool = False) -> str:
    """Compact rupiah: Rp 1,2 jt / Rp 550 rb in Indonesian, Rp 1.2 M / Rp 550 K in English."""
    sign = "-" if round(value) < 0 else ("+" if signed and round(value) > 0 else "")
    size, unit = _rupiah_unit(abs(value), lang)
    return f"{sign}Rp {_scaled(abs(value), size, lang)}" + (f" {unit}" if unit else "")


def format_rupiah_range(low: float, high: float | None, lang: str, size: float | None = None) -> str:
    """A band of rupiah in one unit (`size`, else the unit of `high`): Rp 0,5–1 jt / Rp 0.5–1 M;
    without `high`: ≥ Rp 10 jt."""
    if high is None:
        return "≥ " + format_rupiah(low, lang)
    units = dict(_RUPIAH_UNITS.get(lang, _RUPIAH_UNITS[DEFAULT_LANGUAGE]))
    size, unit = (size, units.get(size, "")) if size else _rupiah_unit(high, lang)
    return f"Rp {_scaled(low, size, lang)}–{_scaled(high, size, lang)}" + (f" {unit}" if unit else "")


def format_measure(kind: str, value: float | None, lang: str, k: int, signed: bool = False) -> str:
    """A published value as text; suppressed (missing) values read "< K"."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return t("suppressed", lang, k=k)
    if kind == "share":
        return format_pct(value, lang)
    if kind == "per_1000":
        return format_number(value, lang, 1)
    if kind == "median":
        return format_rupiah(value, lang, signed=signed)
    if kind == "rupiah":
        return format_rupiah(value, lang)
    return format_int(value, lang)


# --- describing a selection ------------------------------------------------
def describe(filters: Filters, lang: str, regency_names: Mapping[str, str],
             category_labels: Mapping[str, str]) -> str:
    """The selection in words, e.g. "Kota Jambi; gelombang 20–70; Perempuan"."""
    if not filters.is_active:
        return t("all_alumni", lang)
    parts: list[str] = []
    if filters.province:
        parts.append(t("describe_province", lang, name=region_index()[filters.province].short_name))
    if filters.regencies:
        parts.append(", ".join(regency_names.get(code, code) for code in filters.regencies))
    if filters.waves != WAVES:
        parts.append(t("describe_waves", lang, range=span(filters.waves)))
    if filters.years != YEARS:
        parts.append(t("describe_years", lang, range=span(filters.years)))
    if filters.gender:
        parts.append(t(f"gender_{filters.gender}", lang))
    if filters.age_bands:
        parts.append(t("describe_age", lang, bands=", ".join(filters.age_bands)))
    if filters.education:
        parts.append(", ".join(t(f"education_{e}", lang) for e in filters.education))
    if filters.categories:
        names = ", ".join(category_labels.get(c, c) for c in filters.categories)
        parts.append(t("describe_categories", lang, names=names))
    if filters.statuses:
        names = ", ".join(t(f"status_{s}", lang).lower() for s in filters.statuses)
        parts.append(t("describe_statuses", lang, names=names))
    return "; ".join(parts)


def link_query(filters: Filters, lang: str) -> dict[str, str]:
    """The parameters of a link that reopens a selection in a language (the default one unsaid)."""
    return filters.to_query() | ({"lang": lang} if lang != DEFAULT_LANGUAGE else {})


def filter_problem(problem: FilterProblem, lang: str) -> str:
    """One unreadable link parameter, said in `lang` (the value cut to 60 characters)."""
    return t(f"filter_problem_{problem.kind}", lang, parameter=problem.parameter, value=problem.value[:60],
             allowed=problem.allowed)


def span(bounds: tuple[int, int]) -> str:
    return str(bounds[0]) if bounds[0] == bounds[1] else f"{bounds[0]}–{bounds[1]}"
