"""The import template: one row per alumnus, with instructions in Indonesian."""

from __future__ import annotations

from pathlib import Path

import xlsxwriter

from prakerja_dash import config
from prakerja_dash.imports.reading import MAX_COLUMNS, MAX_ROWS
from prakerja_dash.imports.values import MAX_TEXT_CHARS

COLUMNS = (  # name, required?, what to write
    ("id_peserta", "wajib bila tidak ada nik", "ID peserta dari sistem Prakerja. Bila kosong, isi nik. NIK yang "
                                               "tertulis di sini juga diganti ID samaran, tidak disimpan."),
    ("nik", "wajib bila tidak ada id_peserta", "NIK 16 angka, disimpan sebagai TEKS. Tidak pernah disimpan: "
                                               "diganti ID samaran (HMAC)."),
    ("jenis_kelamin", "wajib", "L/P, Laki-laki/Perempuan atau Pria/Wanita"),
    ("usia", "wajib bila tidak ada tanggal_lahir", "usia saat mendaftar, bilangan bulat 18-64"),
    ("tanggal_lahir", "pilihan", "dd/mm/yyyy; dipakai untuk menghitung usia lalu tidak disimpan"),
    ("pendidikan", "wajib", "SD, SMP, SMA/SMK, Diploma atau Sarjana"),
    ("kabupaten_kota", "wajib", "nama (Tanjab Barat, Kota Jambi, …), kode BPS (1507) atau Kemendagri (15.06)"),
    ("gelombang", "wajib", "bilangan bulat 1-71"),
    ("tanggal_daftar", "wajib", "dd/mm/yyyy, yyyy-mm-dd atau tanggal Excel; sejak 11/04/2020 (program dibuka) "
                                "dan paling lambat saat gelombang berikutnya dibuka"),
    ("kategori_pelatihan", "wajib", "mis. Penjualan & Pemasaran (atau 'Penjualan dan Pemasaran')"),
    ("judul_pelatihan", "pilihan", f"judul pelatihan yang dibeli (paling banyak {MAX_TEXT_CHARS} karakter)"),
    ("lembaga_pelatihan", "pilihan", f"lembaga pelatihan (paling banyak {MAX_TEXT_CHARS} karakter)"),
    ("status_sebelum", "wajib", "Tidak bekerja, Pekerja/karyawan atau Wirausaha (saat mendaftar)"),
    ("status_sesudah", "pilihan", "status saat survei; kosong bila tidak disurvei"),
    ("memulai_usaha", "pilihan", "Ya/Tidak"),
    ("jumlah_karyawan", "pilihan", "karyawan usaha yang dirintis, bilangan bulat (0 bila tidak ada)"),
    ("pendapatan_sebelum", "wajib bila status_sesudah diisi", "per bulan, mis. Rp 1.500.000"),
    ("pendapatan_sesudah", "wajib bila status_sesudah diisi", "per bulan, mis. Rp 1.750.000"),
)
EXAMPLES = (
    ("PRK-0001", "", "P", 27, "", "SMA/SMK", "Kota Jambi", 27, "15/04/2022", "Makanan & Minuman",
     "Membuat Roti dan Donat", "LPK Contoh", "Tidak bekerja", "Wirausaha", "Ya", 2, "Rp 0", "Rp 2.500.000"),
    ("PRK-0002", "", "Laki-laki", 22, "", "Sarjana", "Tanjab Barat", 67, "2024-06-03", "Penjualan dan Pemasaran",
     "Pemasaran Digital", "LPK Contoh", "Tidak bekerja", "Pekerja/karyawan", "Tidak", 0, "0", "3.000.000"),
)


def write_template(path: Path, with_examples: bool = True) -> Path:
    """An .xlsx with the template sheet (NIK column formatted as text) and a sheet of instructions."""
    workbook = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_numbers": False})
    try:
        bold = workbook.add_format({"bold": True})
        as_text = workbook.add_format({"num_format": "@"})
        sheet = workbook.add_worksheet("alumni")
        for col, (name, _, _) in enumerate(COLUMNS):
            sheet.write_string(0, col, name, bold)
            sheet.set_column(col, col, 20, as_text if name == "nik" else None)
        for row, values in enumerate(EXAMPLES if with_examples else (), start=1):
            for col, value in enumerate(values):
                if isinstance(value, int):
                    sheet.write_number(row, col, value)
                elif value:
                    sheet.write_string(row, col, value)
        notes = workbook.add_worksheet("petunjuk")
        notes.set_column(0, 0, 22)
        notes.set_column(1, 1, 30)
        notes.set_column(2, 2, 90)
        for col, title in enumerate(("kolom", "wajib?", "isi")):
            notes.write_string(0, col, title, bold)
        for row, entry in enumerate(COLUMNS, start=1):
            for col, value in enumerate(entry):
                notes.write_string(row, col, value)
        notes.write_string(len(COLUMNS) + 2, 0, "Catatan", bold)
        notes.write_string(len(COLUMNS) + 2, 2, "Kolom nama, telepon, e-mail dan alamat tidak diperlukan dan tidak "
                                                "pernah disimpan. Baris judul boleh didahului baris judul laporan.")
        rows = f"{MAX_ROWS:,}".replace(",", ".")
        notes.write_string(len(COLUMNS) + 3, 2, f"Batas satu berkas: {config.UPLOAD_LIMIT_MB} MB, {rows} baris data, "
                                                f"{MAX_COLUMNS} kolom.")
    finally:
        workbook.close()
    return Path(path)
