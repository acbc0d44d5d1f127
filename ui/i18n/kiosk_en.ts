<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="id">
<context>
    <name>AccessibilityBar</name>
    <message>
        <location filename="../qml/Kiosk/AccessibilityBar.qml" line="57"/>
        <source>Teks besar</source>
        <translation>Large text</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/AccessibilityBar.qml" line="64"/>
        <source>Kontras tinggi</source>
        <translation>High contrast</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/AccessibilityBar.qml" line="73"/>
        <source>Suara tidak tersedia</source>
        <translation>Voice unavailable</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/AccessibilityBar.qml" line="74"/>
        <source>Berhenti</source>
        <translation>Stop</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/AccessibilityBar.qml" line="74"/>
        <source>Bacakan</source>
        <translation>Read aloud</translation>
    </message>
</context>
<context>
    <name>AttractScreen</name>
    <message>
        <location filename="../qml/Kiosk/AttractScreen.qml" line="203"/>
        <source>Sentuh layar untuk mulai</source>
        <translation>Touch the screen to start</translation>
    </message>
</context>
<context>
    <name>DateEditor</name>
    <message>
        <location filename="../qml/Kiosk/DateEditor.qml" line="31"/>
        <source>Tanggal</source>
        <translation>Day</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/DateEditor.qml" line="32"/>
        <source>Bulan</source>
        <translation>Month</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/DateEditor.qml" line="33"/>
        <source>Tahun</source>
        <translation>Year</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/DateEditor.qml" line="107"/>
        <source>Hari ini</source>
        <translation>Today</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/DateEditor.qml" line="113"/>
        <source>10 tahun lalu</source>
        <translation>10 years back</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/DateEditor.qml" line="120"/>
        <source>10 tahun kemudian</source>
        <translation>10 years on</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/DateEditor.qml" line="128"/>
        <source>Belum dipilih. Sentuh Hari ini, atau + atau − untuk mulai dari hari ini.</source>
        <translation>Not chosen yet. Touch Today, or + or − to start from today.</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/DateEditor.qml" line="129"/>
        <source>Belum dipilih: sentuh + atau − untuk memilih tanggal.</source>
        <translation>Not chosen yet: touch + or − to choose the date.</translation>
    </message>
</context>
<context>
    <name>DemoPanel</name>
    <message>
        <location filename="../qml/Kiosk/DemoPanel.qml" line="26"/>
        <source>Printer: %1
Pembaca kartu: %2
Pemindai: %3
%4</source>
        <translation>Printer: %1
Card reader: %2
Scanner: %3
%4</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/DemoPanel.qml" line="32"/>
        <source>Kertas habis</source>
        <translation>Paper out</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/DemoPanel.qml" line="33"/>
        <source>Kertas diisi</source>
        <translation>Paper refilled</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/DemoPanel.qml" line="34"/>
        <source>Gagalkan cetak berikutnya</source>
        <translation>Fail the next print</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/DemoPanel.qml" line="35"/>
        <source>Tempel / angkat e-KTP</source>
        <translation>Tap / lift the e-KTP</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/DemoPanel.qml" line="36"/>
        <source>Pindai QR contoh</source>
        <translation>Scan a sample QR</translation>
    </message>
</context>
<context>
    <name>DoneScreen</name>
    <message>
        <location filename="../qml/Kiosk/DoneScreen.qml" line="41"/>
        <source>Nomor antrian Anda</source>
        <translation>Your queue number</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/DoneScreen.qml" line="162"/>
        <source>Nomor permohonan: %1</source>
        <translation>Request number: %1</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/DoneScreen.qml" line="227"/>
        <source>Foto layar ini, atau catat nomor dan kode cek ini: dengan keduanya Anda bisa cek status di anjungan.</source>
        <translation>Photograph this screen, or write down the number and check code: with both you can check the status at a kiosk.</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/DoneScreen.qml" line="305"/>
        <source>Sedang mencetak ulang…</source>
        <translation>Printing again…</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/DoneScreen.qml" line="305"/>
        <source>Cetak ulang</source>
        <translation>Print again</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/DoneScreen.qml" line="115"/>
        <source>Cetak ulang bisa dilakukan setelah printer siap kembali.</source>
        <translation>You can print again once the printer is ready.</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/DoneScreen.qml" line="116"/>
        <source>Cetak ulang belum berhasil. Coba sekali lagi, atau minta bantuan petugas.</source>
        <translation>Printing again did not work. Try once more, or ask an officer for help.</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/DoneScreen.qml" line="127"/>
        <source>Petugas: %1</source>
        <translation>Officer: %1</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/DoneScreen.qml" line="257"/>
        <source>Silakan ambil struk Anda di bawah layar, lalu tunggu nomor Anda dipanggil.</source>
        <translation>Please take your receipt below the screen, then wait for your number to be called.</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/DoneScreen.qml" line="226"/>
        <source>Pindai kode ini di anjungan untuk melihat status.</source>
        <translation>Scan this code at the kiosk to see the status.</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/DoneScreen.qml" line="185"/>
        <source>Kode cek</source>
        <translation>Check code</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/DoneScreen.qml" line="258"/>
        <source>Struk tidak tercetak. %1</source>
        <translation>The receipt did not print. %1</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/DoneScreen.qml" line="269"/>
        <source>Nomor antrian Anda tetap berlaku. Ingat atau foto nomor ini.</source>
        <translation>Your queue number still stands. Remember or photograph it.</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/DoneScreen.qml" line="270"/>
        <source>Permohonan Anda tetap tercatat dan dikirim ke kantor.</source>
        <translation>Your request is recorded and sent to the office.</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/DoneScreen.qml" line="311"/>
        <source>Selesai</source>
        <translation>Finish</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/DoneScreen.qml" line="317"/>
        <source>Kembali ke layar awal dalam %1 detik</source>
        <translation>Back to the start screen in %1 seconds</translation>
    </message>
</context>
<context>
    <name>FormScreen</name>
    <message>
        <location filename="../qml/Kiosk/FormScreen.qml" line="78"/>
        <source>Langkah %1 dari %2: %3</source>
        <translation>Step %1 of %2: %3</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/FormScreen.qml" line="236"/>
        <source>Selesai mengetik</source>
        <translation>Done typing</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/FormScreen.qml" line="259"/>
        <source>Kembali</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/FormScreen.qml" line="265"/>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/FormScreen.qml" line="270"/>
        <source>Periksa</source>
        <translation>Review</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/FormScreen.qml" line="270"/>
        <source>Lanjut</source>
        <translation>Next</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <location filename="../qml/Kiosk/HomeScreen.qml" line="44"/>
        <source>Pilih layanan</source>
        <translation>Choose a service</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/HomeScreen.qml" line="60"/>
        <source>Sentuh layanan yang Anda perlukan.</source>
        <translation>Touch the service you need.</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/HomeScreen.qml" line="61"/>
        <source>Sentuh kelompok layanan yang Anda perlukan.</source>
        <translation>Touch the group of services you need.</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/HomeScreen.qml" line="190"/>
        <source>Masih ada layanan di bawah. Sentuh di sini, atau geser layar ke atas.</source>
        <translation>More services below. Touch here, or swipe the screen up.</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/HomeScreen.qml" line="200"/>
        <source>Kembali</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/HomeScreen.qml" line="200"/>
        <source>Kembali ke awal</source>
        <translation>Back to start</translation>
    </message>
</context>
<context>
    <name>IdentifyScreen</name>
    <message>
        <location filename="../qml/Kiosk/IdentifyScreen.qml" line="81"/>
        <source>Pastikan ini kartu Anda</source>
        <translation>Is this your card?</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/IdentifyScreen.qml" line="82"/>
        <source>Ketik NIK Anda</source>
        <translation>Type your NIK</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/IdentifyScreen.qml" line="83"/>
        <source>Tunjukkan identitas Anda</source>
        <translation>Show who you are</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/IdentifyScreen.qml" line="178"/>
        <source>Tempelkan e-KTP Anda pada pembaca kartu</source>
        <translation>Hold your e-KTP on the card reader</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/IdentifyScreen.qml" line="189"/>
        <source>Tahan kartu di atas pembaca sampai layar berganti.</source>
        <translation>Keep the card on the reader until the screen changes.</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/IdentifyScreen.qml" line="215"/>
        <source>Tidak membawa e-KTP?</source>
        <translation>No e-KTP with you?</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/IdentifyScreen.qml" line="216"/>
        <source>Silakan ketik NIK Anda.</source>
        <translation>Please type your NIK.</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/IdentifyScreen.qml" line="226"/>
        <source>Ketik NIK</source>
        <translation>Type NIK</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/IdentifyScreen.qml" line="232"/>
        <source>Atau pindai QR pendaftaran dari ponsel Anda.</source>
        <translation>Or scan the registration QR on your phone.</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/IdentifyScreen.qml" line="441"/>
        <source>Memeriksa kartu…</source>
        <translation>Checking the card…</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/IdentifyScreen.qml" line="252"/>
        <source>Kartu ini terdaftar atas nama:</source>
        <translation>This card is registered to:</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/IdentifyScreen.qml" line="51"/>
        <source>Lanjut tanpa nama</source>
        <translation>Continue anonymously</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/IdentifyScreen.qml" line="179"/>
        <source>Pembaca kartu sedang tidak berfungsi</source>
        <translation>The card reader is not working right now</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/IdentifyScreen.qml" line="271"/>
        <source>NIK ada di e-KTP atau Kartu Keluarga, 16 angka.</source>
        <translation>The NIK is on your e-KTP or Family Card: 16 digits.</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/IdentifyScreen.qml" line="274"/>
        <source>Ketik PIN kartu Anda.</source>
        <translation>Type your card&apos;s PIN.</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/IdentifyScreen.qml" line="359"/>
        <source>%1 dari %2 angka</source>
        <translation>%1 of %2 digits</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/IdentifyScreen.qml" line="479"/>
        <source>Lanjut</source>
        <translation>Continue</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/IdentifyScreen.qml" line="458"/>
        <source>Kembali</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/IdentifyScreen.qml" line="273"/>
        <source>Untuk memastikan, pilih tanggal lahir Anda dengan tombol + dan −.</source>
        <translation>To make sure, choose your date of birth with the + and − buttons.</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/IdentifyScreen.qml" line="464"/>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>IdleWarning</name>
    <message>
        <location filename="../qml/Kiosk/IdleWarning.qml" line="30"/>
        <source>Apakah Anda masih di sini?</source>
        <translation>Are you still there?</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/IdleWarning.qml" line="57"/>
        <source>detik</source>
        <translation>seconds</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/IdleWarning.qml" line="68"/>
        <source>Sesi berakhir dalam %1 detik dan data yang Anda isi akan dihapus.</source>
        <translation>The session ends in %1 seconds and what you entered will be erased.</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/IdleWarning.qml" line="76"/>
        <source>Lanjutkan</source>
        <translation>Continue</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/IdleWarning.qml" line="83"/>
        <source>Selesai dan hapus isian saya</source>
        <translation>Finish and erase what I entered</translation>
    </message>
</context>
<context>
    <name>InformationScreen</name>
    <message>
        <location filename="../qml/Kiosk/InformationScreen.qml" line="27"/>
        <source>Informasi Publik</source>
        <translation>Public Information</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/InformationScreen.qml" line="37"/>
        <source>Informasi</source>
        <translation>Information</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/InformationScreen.qml" line="44"/>
        <source>APBDes</source>
        <translation>Village budget</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/InformationScreen.qml" line="135"/>
        <source>Uraian</source>
        <translation>Item</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/InformationScreen.qml" line="136"/>
        <source>Realisasi (%)</source>
        <translation>Realized (%)</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/InformationScreen.qml" line="137"/>
        <source>Anggaran</source>
        <translation>Budget</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/InformationScreen.qml" line="138"/>
        <source>Realisasi</source>
        <translation>Spent so far</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/InformationScreen.qml" line="194"/>
        <source>%1%</source>
        <translation>%1%</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/InformationScreen.qml" line="221"/>
        <source>Anggaran %1</source>
        <translation>Budget %1</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/InformationScreen.qml" line="226"/>
        <source>Realisasi %1</source>
        <translation>Realized %1</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/InformationScreen.qml" line="293"/>
        <source>Kembali</source>
        <translation>Back</translation>
    </message>
</context>
<context>
    <name>KioskKeyboard</name>
    <message>
        <location filename="../qml/Kiosk/KioskKeyboard.qml" line="45"/>
        <source>Selesai mengetik</source>
        <translation>Done typing</translation>
    </message>
</context>
<context>
    <name>LetterPickupScreen</name>
    <message>
        <location filename="../qml/Kiosk/LetterPickupScreen.qml" line="25"/>
        <source>Ambil Surat</source>
        <translation>Collect a Letter</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/LetterPickupScreen.qml" line="88"/>
        <source>Dekatkan kode QR pada struk permohonan surat ke pemindai, atau tempelkan e-KTP Anda pada pembaca kartu.</source>
        <translation>Hold the QR code on your letter request receipt to the scanner, or tap your e-KTP on the card reader.</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/LetterPickupScreen.qml" line="107"/>
        <source>Atau ketik nomor permohonan dan kode cek dari struk:</source>
        <translation>Or type the request number and check code from the receipt:</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/LetterPickupScreen.qml" line="121"/>
        <source>Nomor permohonan</source>
        <translation>Request number</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/LetterPickupScreen.qml" line="134"/>
        <source>Kode cek</source>
        <translation>Check code</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/LetterPickupScreen.qml" line="140"/>
        <source>Cari dengan struk</source>
        <translation>Find by receipt</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/LetterPickupScreen.qml" line="149"/>
        <source>Tidak membawa struk? Ketik NIK dan PIN e-KTP Anda:</source>
        <translation>No receipt with you? Type your NIK and your e-KTP PIN:</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/LetterPickupScreen.qml" line="163"/>
        <source>NIK (16 angka)</source>
        <translation>NIK (16 digits)</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/LetterPickupScreen.qml" line="177"/>
        <location filename="../qml/Kiosk/LetterPickupScreen.qml" line="224"/>
        <source>PIN e-KTP</source>
        <translation>e-KTP PIN</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/LetterPickupScreen.qml" line="185"/>
        <source>Cari dengan NIK</source>
        <translation>Find by NIK</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/LetterPickupScreen.qml" line="199"/>
        <source>Kartu atas nama: %1 (%2)</source>
        <translation>Card of: %1 (%2)</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/LetterPickupScreen.qml" line="209"/>
        <source>Ketik PIN e-KTP Anda:</source>
        <translation>Type your e-KTP PIN:</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/LetterPickupScreen.qml" line="210"/>
        <source>Ketik tanggal lahir Anda: 8 angka, tanggal-bulan-tahun (misalnya 12031990):</source>
        <translation>Type your date of birth: 8 digits, day-month-year (e.g. 12031990):</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/LetterPickupScreen.qml" line="224"/>
        <source>Tanggal lahir</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/LetterPickupScreen.qml" line="232"/>
        <source>Lanjut</source>
        <translation>Continue</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/LetterPickupScreen.qml" line="251"/>
        <source>Surat sedang dicetak. Mohon tunggu di dekat printer…</source>
        <translation>Your letter is printing. Please wait by the printer…</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/LetterPickupScreen.qml" line="252"/>
        <source>Mencari surat Anda…</source>
        <translation>Looking for your letters…</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/LetterPickupScreen.qml" line="263"/>
        <source>Atas nama: %1 (%2)</source>
        <translation>Name: %1 (%2)</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/LetterPickupScreen.qml" line="296"/>
        <location filename="../qml/Kiosk/LetterPickupScreen.qml" line="377"/>
        <source>Nomor surat: %1</source>
        <translation>Letter number: %1</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/LetterPickupScreen.qml" line="303"/>
        <source>Status: %1</source>
        <translation>Status: %1</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/LetterPickupScreen.qml" line="320"/>
        <source>Lihat dan cetak</source>
        <translation>View and print</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/LetterPickupScreen.qml" line="358"/>
        <source>Pratinjau tidak tersedia</source>
        <translation>No preview available</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/LetterPickupScreen.qml" line="384"/>
        <source>Halaman A4: %1</source>
        <translation>A4 pages: %1</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/LetterPickupScreen.qml" line="390"/>
        <source>Sisa cetak yang diizinkan desa: %1</source>
        <translation>Prints the village still allows: %1</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/LetterPickupScreen.qml" line="398"/>
        <source>Cetak Surat</source>
        <translation>Print the Letter</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/LetterPickupScreen.qml" line="438"/>
        <source>Cari surat lain</source>
        <translation>Find another letter</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/LetterPickupScreen.qml" line="446"/>
        <source>Kembali</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/LetterPickupScreen.qml" line="453"/>
        <source>Selesai</source>
        <translation>Done</translation>
    </message>
</context>
<context>
    <name>LocationEditor</name>
    <message>
        <location filename="../qml/Kiosk/LocationEditor.qml" line="13"/>
        <source>Dusun</source>
        <translation>Dusun (hamlet)</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <location filename="../qml/Kiosk/Main.qml" line="13"/>
        <source>Anjungan Layanan Mandiri</source>
        <translation>Self-Service Kiosk</translation>
    </message>
</context>
<context>
    <name>MaintenanceActions</name>
    <message>
        <location filename="../qml/Kiosk/MaintenanceActions.qml" line="14"/>
        <source>Muat ulang katalog</source>
        <translation>Reload catalog</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceActions.qml" line="15"/>
        <source>Meminta katalog layanan terbaru dari server pusat.</source>
        <translation>Asks the central server for the latest service catalog.</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceActions.qml" line="16"/>
        <source>Mulai ulang aplikasi</source>
        <translation>Restart the app</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceActions.qml" line="17"/>
        <source>Aplikasi kios ditutup dan langsung dijalankan lagi.</source>
        <translation>The kiosk app closes and starts again at once.</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceActions.qml" line="18"/>
        <source>Keluar ke desktop</source>
        <translation>Exit to desktop</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceActions.qml" line="19"/>
        <source>Hanya untuk supervisor. Kios berhenti sampai dijalankan lagi.</source>
        <translation>Supervisors only. The kiosk stays stopped until it is started again.</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceActions.qml" line="38"/>
        <source>Sentuh lagi untuk memastikan</source>
        <translation>Touch again to confirm</translation>
    </message>
</context>
<context>
    <name>MaintenanceConfig</name>
    <message>
        <location filename="../qml/Kiosk/MaintenanceConfig.qml" line="21"/>
        <source>Ganti PIN</source>
        <translation>Change PIN</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceConfig.qml" line="60"/>
        <source>(kosong)</source>
        <translation>(empty)</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceConfig.qml" line="62"/>
        <source>%1 setelah mulai ulang</source>
        <translation>%1 after restart</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceConfig.qml" line="76"/>
        <source>Ubah</source>
        <translation>Change</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceConfig.qml" line="104"/>
        <source>Sekarang: %1</source>
        <translation>Now: %1</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceConfig.qml" line="106"/>
        <source>Boleh %1 sampai %2</source>
        <translation>Allowed %1 to %2</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceConfig.qml" line="131"/>
        <location filename="../qml/Kiosk/MaintenanceConfig.qml" line="205"/>
        <source>Simpan</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceConfig.qml" line="161"/>
        <location filename="../qml/Kiosk/MaintenanceConfig.qml" line="222"/>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceConfig.qml" line="179"/>
        <source>PIN baru (6 sampai 12 angka)</source>
        <translation>New PIN (6 to 12 digits)</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceConfig.qml" line="180"/>
        <source>Ulangi PIN baru</source>
        <translation>Repeat the new PIN</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceConfig.qml" line="205"/>
        <source>Lanjut</source>
        <translation>Next</translation>
    </message>
</context>
<context>
    <name>MaintenanceLetters</name>
    <message>
        <location filename="../qml/Kiosk/MaintenanceLetters.qml" line="16"/>
        <source>Tercetak</source>
        <translation>Printed</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceLetters.qml" line="17"/>
        <source>Printer gagal mencetak</source>
        <translation>The printer failed</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceLetters.qml" line="18"/>
        <source>Tidak dapat dicetak</source>
        <translation>Cannot be printed</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceLetters.qml" line="19"/>
        <source>Salinan habis</source>
        <translation>No copies left</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceLetters.qml" line="20"/>
        <source>Server pusat tidak tersambung</source>
        <translation>Central not reachable</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceLetters.qml" line="21"/>
        <source>Server pusat versi lama</source>
        <translation>Central is an older version</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceLetters.qml" line="22"/>
        <source>Bukti kedaluwarsa</source>
        <translation>Proof expired</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceLetters.qml" line="23"/>
        <source>Gagal</source>
        <translation>Failed</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceLetters.qml" line="30"/>
        <source>Pindai QR pada struk warga, atau ketik nomor permohonan dan kode cek.</source>
        <translation>Scan the QR on the citizen's receipt, or type the request number and check code.</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceLetters.qml" line="52"/>
        <source>Nomor permohonan</source>
        <translation>Request number</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceLetters.qml" line="70"/>
        <source>Kode cek</source>
        <translation>Check code</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceLetters.qml" line="84"/>
        <source>Cari</source>
        <translation>Search</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceLetters.qml" line="106"/>
        <source>Mencari surat di server pusat ...</source>
        <translation>Looking the letter up on central ...</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceLetters.qml" line="108"/>
        <source>Belum ada struk.</source>
        <translation>No receipt yet.</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceLetters.qml" line="140"/>
        <source>Nomor surat: %1</source>
        <translation>Letter number: %1</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceLetters.qml" line="141"/>
        <source>Nama: %1</source>
        <translation>Name: %1</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceLetters.qml" line="142"/>
        <source>Permohonan: %1</source>
        <translation>Request: %1</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceLetters.qml" line="143"/>
        <source>Dicetak %1 dari %2 salinan yang diizinkan</source>
        <translation>Printed %1 of %2 copies allowed</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceLetters.qml" line="145"/>
        <source>Keadaan: %1</source>
        <translation>State: %1</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceLetters.qml" line="158"/>
        <source>Mencetak ...</source>
        <translation>Printing ...</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceLetters.qml" line="159"/>
        <source>Cetak salinan tambahan (teknisi)</source>
        <translation>Print an extra copy (technician)</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceLetters.qml" line="160"/>
        <source>Cetak satu salinan</source>
        <translation>Print one copy</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceLetters.qml" line="166"/>
        <source>Salinan yang diizinkan desa sudah habis. Salinan tambahan dihitung oleh server pusat dan dicatat atas nama teknisi.</source>
        <translation>The copies the village allows are used up. An extra copy is counted by central and recorded in the technician's name.</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceLetters.qml" line="228"/>
        <source>Halaman pertama surat</source>
        <translation>The letter's first page</translation>
    </message>
</context>
<context>
    <name>MaintenanceLogs</name>
    <message>
        <location filename="../qml/Kiosk/MaintenanceLogs.qml" line="14"/>
        <source>Perbarui</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceLogs.qml" line="66"/>
        <source>Belum ada baris log.</source>
        <translation>No log lines yet.</translation>
    </message>
</context>
<context>
    <name>MaintenanceOutbox</name>
    <message>
        <location filename="../qml/Kiosk/MaintenanceOutbox.qml" line="12"/>
        <source>Transaksi: %1 tertunda, %2 gagal, %3 terkirim. Laporan struk: %4 tertunda, %5 gagal. Audit: %6 tertunda, %7 gagal.</source>
        <translation>Transactions: %1 waiting, %2 failed, %3 sent. Receipt reports: %4 waiting, %5 failed. Audit: %6 waiting, %7 failed.</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceOutbox.qml" line="31"/>
        <source>Kirim ulang yang gagal</source>
        <translation>Resend failed items</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceOutbox.qml" line="39"/>
        <source>Ekspor untuk dukungan</source>
        <translation>Export for support</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceOutbox.qml" line="45"/>
        <source>Perbarui</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceOutbox.qml" line="72"/>
        <source>audit</source>
        <translation>audit</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceOutbox.qml" line="73"/>
        <source>struk %1</source>
        <translation>receipt %1</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceOutbox.qml" line="75"/>
        <source>%1 percobaan</source>
        <translation>%1 attempts</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceOutbox.qml" line="97"/>
        <source>Kotak keluar kosong.</source>
        <translation>The outbox is empty.</translation>
    </message>
</context>
<context>
    <name>MaintenanceOverlay</name>
    <message>
        <location filename="../qml/Kiosk/MaintenanceOverlay.qml" line="12"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceOverlay.qml" line="12"/>
        <source>Uji</source>
        <translation>Tests</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceOverlay.qml" line="12"/>
        <source>Kotak keluar</source>
        <translation>Outbox</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceOverlay.qml" line="13"/>
        <source>Struk</source>
        <translation>Receipts</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceOverlay.qml" line="13"/>
        <source>Log</source>
        <translation>Logs</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceOverlay.qml" line="13"/>
        <source>Pengaturan</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceOverlay.qml" line="13"/>
        <source>Surat</source>
        <translation>Letters</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceOverlay.qml" line="14"/>
        <source>Tindakan</source>
        <translation>Actions</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceOverlay.qml" line="17"/>
        <source>%1 kiriman gagal dijadwalkan ulang.</source>
        <translation>%1 failed items queued again.</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceOverlay.qml" line="18"/>
        <source>Pekerjaan cetak A4 %1 dibatalkan.</source>
        <translation>A4 print job %1 cancelled.</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceOverlay.qml" line="19"/>
        <source>Ekspor untuk dukungan ditulis: %1</source>
        <translation>Support export written: %1</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceOverlay.qml" line="20"/>
        <source>Gagal: %1</source>
        <translation>Failed: %1</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceOverlay.qml" line="21"/>
        <source>Cetak ulang ditolak: %1</source>
        <translation>Reprint refused: %1</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceOverlay.qml" line="22"/>
        <source>Mencetak %1 ...</source>
        <translation>Printing %1 ...</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceOverlay.qml" line="23"/>
        <source>Dicetak ulang: %1</source>
        <translation>Reprinted: %1</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceOverlay.qml" line="24"/>
        <source>Pengaturan ditolak: %1</source>
        <translation>Setting refused: %1</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceOverlay.qml" line="25"/>
        <source>Tersimpan: %1 (berlaku setelah mulai ulang)</source>
        <translation>Saved: %1 (applies after a restart)</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceOverlay.qml" line="26"/>
        <source>PIN tidak diganti: %1</source>
        <translation>PIN not changed: %1</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceOverlay.qml" line="27"/>
        <source>PIN %1 sudah diganti.</source>
        <translation>The %1 PIN was changed.</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceOverlay.qml" line="28"/>
        <source>Katalog akan dimuat ulang dari server pusat.</source>
        <translation>The catalog will be reloaded from the central server.</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceOverlay.qml" line="29"/>
        <source>Server pusat tidak diatur; katalog tidak dimuat ulang.</source>
        <translation>No central server is configured; the catalog was not reloaded.</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceOverlay.qml" line="30"/>
        <source>Hanya supervisor yang boleh keluar ke desktop.</source>
        <translation>Only a supervisor may exit to the desktop.</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceOverlay.qml" line="56"/>
        <source>Mode perawatan</source>
        <translation>Maintenance mode</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceOverlay.qml" line="57"/>
        <source>Supervisor</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceOverlay.qml" line="57"/>
        <source>Teknisi</source>
        <translation>Technician</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceOverlay.qml" line="70"/>
        <source>Keluar</source>
        <translation>Leave</translation>
    </message>
</context>
<context>
    <name>MaintenancePinPrompt</name>
    <message>
        <location filename="../qml/Kiosk/MaintenancePinPrompt.qml" line="36"/>
        <source>Mode perawatan</source>
        <translation>Maintenance mode</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenancePinPrompt.qml" line="46"/>
        <source>PIN salah. Coba lagi.</source>
        <translation>Wrong PIN. Try again.</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenancePinPrompt.qml" line="48"/>
        <source>Terlalu banyak percobaan. Tunggu %1 detik.</source>
        <translation>Too many attempts. Wait %1 seconds.</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenancePinPrompt.qml" line="50"/>
        <source>Belum ada PIN. Atur dengan perintah: kiosk set-pin</source>
        <translation>No PIN is set yet. Set one with the command: kiosk set-pin</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenancePinPrompt.qml" line="51"/>
        <source>Masukkan PIN teknisi.</source>
        <translation>Enter the technician PIN.</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenancePinPrompt.qml" line="64"/>
        <source>%1 angka diketik</source>
        <translation>%1 digits typed</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenancePinPrompt.qml" line="85"/>
        <source>Masuk</source>
        <translation>Enter</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenancePinPrompt.qml" line="92"/>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>MaintenanceReceipts</name>
    <message>
        <location filename="../qml/Kiosk/MaintenanceReceipts.qml" line="12"/>
        <source>gagal tercetak</source>
        <translation>print failed</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceReceipts.qml" line="13"/>
        <source>tidak pasti tercetak (anjungan berhenti)</source>
        <translation>not known to have printed (the kiosk stopped)</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceReceipts.qml" line="71"/>
        <source>Cetak ulang</source>
        <translation>Reprint</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceReceipts.qml" line="82"/>
        <source>Tidak ada struk yang menunggu dicetak ulang.</source>
        <translation>No receipts are waiting to be reprinted.</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceReceipts.qml" line="115"/>
        <source>Pratinjau struk</source>
        <translation>Receipt preview</translation>
    </message>
</context>
<context>
    <name>MaintenanceStatus</name>
    <message>
        <location filename="../qml/Kiosk/MaintenanceStatus.qml" line="11"/>
        <source>Printer</source>
        <translation>Printer</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceStatus.qml" line="11"/>
        <source>Kertas</source>
        <translation>Paper</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceStatus.qml" line="12"/>
        <source>Pembaca kartu</source>
        <translation>Card reader</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceStatus.qml" line="12"/>
        <source>Pemindai</source>
        <translation>Scanner</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceStatus.qml" line="13"/>
        <source>Pindaian terakhir</source>
        <translation>Last scan</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceStatus.qml" line="13"/>
        <source>Server pusat</source>
        <translation>Central server</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceStatus.qml" line="14"/>
        <source>Selisih jam dengan pusat</source>
        <translation>Clock offset from central</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceStatus.qml" line="15"/>
        <source>Kotak keluar (tertunda / gagal)</source>
        <translation>Outbox (pending / failed)</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceStatus.qml" line="16"/>
        <source>Audit (tertunda / gagal)</source>
        <translation>Audit (pending / failed)</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceStatus.qml" line="17"/>
        <source>Ruang disk bebas</source>
        <translation>Free disk space</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceStatus.qml" line="17"/>
        <source>Versi</source>
        <translation>Version</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceStatus.qml" line="18"/>
        <source>Waktu aktif</source>
        <translation>Uptime</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceStatus.qml" line="22"/>
        <location filename="../qml/Kiosk/MaintenanceStatus.qml" line="31"/>
        <location filename="../qml/Kiosk/MaintenanceStatus.qml" line="34"/>
        <source>Siap</source>
        <translation>Ready</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceStatus.qml" line="23"/>
        <source>Siap; kertas hampir habis</source>
        <translation>Ready; paper nearly out</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceStatus.qml" line="24"/>
        <source>Tidak bisa mencetak: kertas habis</source>
        <translation>Cannot print: paper out</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceStatus.qml" line="25"/>
        <source>Tidak bisa mencetak: penutup terbuka</source>
        <translation>Cannot print: cover open</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceStatus.qml" line="26"/>
        <source>Tidak menjawab</source>
        <translation>Not responding</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceStatus.qml" line="27"/>
        <source>Cukup</source>
        <translation>Enough</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceStatus.qml" line="28"/>
        <source>Hampir habis</source>
        <translation>Nearly out</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceStatus.qml" line="29"/>
        <source>Habis</source>
        <translation>Out</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceStatus.qml" line="30"/>
        <source>Tidak diketahui (printer tidak menjawab)</source>
        <translation>Unknown (the printer does not answer)</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceStatus.qml" line="32"/>
        <source>Siap; ada kartu menempel</source>
        <translation>Ready; a card is on it</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceStatus.qml" line="33"/>
        <location filename="../qml/Kiosk/MaintenanceStatus.qml" line="35"/>
        <source>Tidak tersedia</source>
        <translation>Unavailable</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceStatus.qml" line="36"/>
        <source>Belum ada</source>
        <translation>None yet</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceStatus.qml" line="37"/>
        <source>Tersambung</source>
        <translation>Connected</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceStatus.qml" line="38"/>
        <source>Terputus; permohonan menunggu di kotak keluar</source>
        <translation>Disconnected; requests wait in the outbox</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceStatus.qml" line="39"/>
        <source>Tidak diatur: anjungan luring, permohonan tidak terkirim</source>
        <translation>Not set: offline kiosk, requests are not sent</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceStatus.qml" line="52"/>
        <source>Perbarui</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceStatus.qml" line="123"/>
        <source>Rincian: %1</source>
        <translation>Detail: %1</translation>
    </message>
</context>
<context>
    <name>MaintenanceTests</name>
    <message>
        <location filename="../qml/Kiosk/MaintenanceTests.qml" line="11"/>
        <source>Menunggu ...</source>
        <translation>Waiting ...</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceTests.qml" line="12"/>
        <source>Berhasil</source>
        <translation>Passed</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceTests.qml" line="13"/>
        <source>Gagal</source>
        <translation>Failed</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceTests.qml" line="14"/>
        <source>Belum diuji</source>
        <translation>Not tested yet</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceTests.qml" line="18"/>
        <source>struk uji tercetak</source>
        <translation>test receipt printed</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceTests.qml" line="19"/>
        <source>kertas habis</source>
        <translation>paper out</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceTests.qml" line="20"/>
        <source>penutup printer terbuka</source>
        <translation>printer cover open</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceTests.qml" line="21"/>
        <source>printer tidak menjawab</source>
        <translation>the printer does not answer</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceTests.qml" line="22"/>
        <source>printer gagal mencetak</source>
        <translation>the printer failed to print</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceTests.qml" line="33"/>
        <source>Cetak struk uji</source>
        <translation>Print test receipt</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceTests.qml" line="34"/>
        <source>Mencetak struk uji pada printer.</source>
        <translation>Prints a test receipt on the printer.</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceTests.qml" line="35"/>
        <source>Baca kartu</source>
        <translation>Read a card</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceTests.qml" line="36"/>
        <source>Tempelkan kartu pada pembaca; UID ditampilkan tersamar.</source>
        <translation>Hold a card on the reader; its UID is shown masked.</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceTests.qml" line="37"/>
        <source>Uji pemindai</source>
        <translation>Test the scanner</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceTests.qml" line="38"/>
        <source>Pindai kode QR apa saja; isinya ditampilkan tersamar.</source>
        <translation>Scan any QR code; its content is shown masked.</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceTests.qml" line="109"/>
        <source>Antrean printer A4</source>
        <translation>A4 printer queue</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceTests.qml" line="117"/>
        <source>Perbarui</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceTests.qml" line="125"/>
        <source>Antrean tidak terbaca: %1</source>
        <translation>The queue cannot be read: %1</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceTests.qml" line="126"/>
        <source>Tidak ada pekerjaan cetak yang tertunda.</source>
        <translation>No print job is waiting.</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceTests.qml" line="139"/>
        <source>#%1 %2 · %3 · sejak %4 %5</source>
        <translation>#%1 %2 · %3 · since %4 %5</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/MaintenanceTests.qml" line="147"/>
        <source>Batalkan</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>NumberEditor</name>
    <message>
        <location filename="../qml/Kiosk/NumberEditor.qml" line="24"/>
        <source>Sentuh untuk mengisi angka</source>
        <translation>Touch to enter the number</translation>
    </message>
</context>
<context>
    <name>NumericPad</name>
    <message>
        <location filename="../qml/Kiosk/NumericPad.qml" line="12"/>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/NumericPad.qml" line="62"/>
        <source>Hapus</source>
        <translation>Erase</translation>
    </message>
</context>
<context>
    <name>OutOfServiceScreen</name>
    <message>
        <location filename="../qml/Kiosk/OutOfServiceScreen.qml" line="21"/>
        <source>Mohon maaf, anjungan ini sedang tidak dapat digunakan.</source>
        <translation>Sorry, this kiosk is out of service right now.</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/OutOfServiceScreen.qml" line="30"/>
        <source>Silakan hubungi petugas di meja informasi.</source>
        <translation>Please ask an officer at the information desk.</translation>
    </message>
</context>
<context>
    <name>ProcessingScreen</name>
    <message>
        <location filename="../qml/Kiosk/ProcessingScreen.qml" line="23"/>
        <source>Sedang mencetak struk...</source>
        <translation>Printing your receipt...</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/ProcessingScreen.qml" line="23"/>
        <source>Sedang memproses...</source>
        <translation>Processing...</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/ProcessingScreen.qml" line="32"/>
        <source>Mohon tunggu sebentar.</source>
        <translation>Please wait a moment.</translation>
    </message>
</context>
<context>
    <name>QueueCounterScreen</name>
    <message>
        <location filename="../qml/Kiosk/QueueCounterScreen.qml" line="19"/>
        <source>Pilih loket tujuan</source>
        <translation>Choose a counter</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/QueueCounterScreen.qml" line="30"/>
        <source>Nomor antrian langsung dicetak setelah Anda memilih loket.</source>
        <translation>Your queue number prints as soon as you choose a counter.</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/QueueCounterScreen.qml" line="53"/>
        <source>Maaf, nomor antrian belum dapat dibuat. Silakan coba lagi atau hubungi petugas.</source>
        <translation>Sorry, a queue number could not be made. Please try again or ask an officer.</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/QueueCounterScreen.qml" line="148"/>
        <source>Kembali</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/QueueCounterScreen.qml" line="154"/>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ReviewScreen</name>
    <message>
        <location filename="../qml/Kiosk/ReviewScreen.qml" line="22"/>
        <source>Periksa kembali</source>
        <translation>Check your answers</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/ReviewScreen.qml" line="29"/>
        <source>Pastikan semua benar, lalu sentuh Kirim. Sentuh Ubah untuk memperbaiki.</source>
        <translation>Make sure everything is right, then touch Send. Touch Change to correct it.</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/ReviewScreen.qml" line="51"/>
        <source>Pelapor:</source>
        <translation>Reported by:</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/ReviewScreen.qml" line="51"/>
        <source>Atas nama:</source>
        <translation>In the name of:</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/ReviewScreen.qml" line="59"/>
        <source>Tanpa nama</source>
        <translation>Anonymous</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/ReviewScreen.qml" line="68"/>
        <source>NIK %1</source>
        <translation>NIK %1</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/ReviewScreen.qml" line="88"/>
        <source>Maaf, permohonan belum dapat dikirim. Silakan coba lagi atau hubungi petugas.</source>
        <translation>Sorry, the request could not be sent. Please try again or ask an officer.</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/ReviewScreen.qml" line="152"/>
        <source>(tidak diisi)</source>
        <translation>(not filled in)</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/ReviewScreen.qml" line="169"/>
        <source>Ubah</source>
        <translation>Change</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/ReviewScreen.qml" line="197"/>
        <source>Kembali</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/ReviewScreen.qml" line="203"/>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/ReviewScreen.qml" line="208"/>
        <source>Kirim</source>
        <translation>Send</translation>
    </message>
</context>
<context>
    <name>ScreenHeader</name>
    <message>
        <location filename="../qml/Kiosk/ScreenHeader.qml" line="47"/>
        <source>Daring</source>
        <translation>Online</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/ScreenHeader.qml" line="48"/>
        <source>Luring</source>
        <translation>Offline</translation>
    </message>
</context>
<context>
    <name>ScrollCue</name>
    <message>
        <location filename="../qml/Kiosk/ScrollCue.qml" line="18"/>
        <source>Masih ada lagi di bawah. Sentuh di sini, atau geser layar ke atas.</source>
        <translation>There is more below. Touch here, or swipe the screen up.</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/ScrollCue.qml" line="19"/>
        <source>Sudah sampai bawah. Sentuh di sini untuk kembali ke atas.</source>
        <translation>This is the end. Touch here to go back to the top.</translation>
    </message>
</context>
<context>
    <name>StatusCheckScreen</name>
    <message>
        <location filename="../qml/Kiosk/StatusCheckScreen.qml" line="25"/>
        <source>Cek Status Permohonan</source>
        <translation>Check a Request&apos;s Status</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/StatusCheckScreen.qml" line="64"/>
        <source>Dekatkan kode QR pada struk Anda ke pemindai di bawah layar.</source>
        <translation>Hold the QR code on your receipt to the scanner below the screen.</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/StatusCheckScreen.qml" line="89"/>
        <source>Nomor permohonan</source>
        <translation>Request number</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/StatusCheckScreen.qml" line="110"/>
        <source>Cek Status</source>
        <translation>Check Status</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/StatusCheckScreen.qml" line="128"/>
        <source>Memeriksa status…</source>
        <translation>Checking the status…</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/StatusCheckScreen.qml" line="74"/>
        <source>Atau ketik nomor permohonan dan kode cek yang tercetak di bawah QR pada struk:</source>
        <translation>Or type the request number and the check code printed under the QR on the receipt:</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/StatusCheckScreen.qml" line="103"/>
        <source>Kode cek, misalnya 1WK6-5CVV-MRC</source>
        <translation>Check code, e.g. 1WK6-5CVV-MRC</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/StatusCheckScreen.qml" line="174"/>
        <location filename="../qml/Kiosk/StatusCheckScreen.qml" line="251"/>
        <source>Nomor permohonan: %1</source>
        <translation>Request number: %1</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/StatusCheckScreen.qml" line="259"/>
        <source>Atas nama: %1 (%2)</source>
        <translation>Name: %1 (%2)</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/StatusCheckScreen.qml" line="349"/>
        <source>Diajukan: %1</source>
        <translation>Submitted: %1</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/StatusCheckScreen.qml" line="355"/>
        <source>Diperbarui: %1</source>
        <translation>Updated: %1</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/StatusCheckScreen.qml" line="409"/>
        <source>Status: %1</source>
        <translation>Status: %1</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/StatusCheckScreen.qml" line="332"/>
        <source>Selanjutnya:</source>
        <translation>What happens next:</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/StatusCheckScreen.qml" line="459"/>
        <source>Cek permohonan lain</source>
        <translation>Check another request</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/StatusCheckScreen.qml" line="466"/>
        <source>Kembali</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/StatusCheckScreen.qml" line="472"/>
        <source>Selesai</source>
        <translation>Finish</translation>
    </message>
</context>
<context>
    <name>TextFieldEditor</name>
    <message>
        <location filename="../qml/Kiosk/TextFieldEditor.qml" line="32"/>
        <source>Sentuh di sini untuk menulis</source>
        <translation>Touch here to write</translation>
    </message>
</context>
<context>
    <name>YesNoEditor</name>
    <message>
        <location filename="../qml/Kiosk/YesNoEditor.qml" line="12"/>
        <source>Ya</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/YesNoEditor.qml" line="12"/>
        <source>Tidak</source>
        <translation>No</translation>
    </message>
</context>
<context>
    <name>style</name>
    <message>
        <location filename="../qml/QtQuick/VirtualKeyboard/Styles/kiosk/style.qml" line="78"/>
        <source>Hapus</source>
        <translation>Erase</translation>
    </message>
    <message>
        <location filename="../qml/QtQuick/VirtualKeyboard/Styles/kiosk/style.qml" line="88"/>
        <source>spasi</source>
        <translation>space</translation>
    </message>
    <message>
        <location filename="../qml/QtQuick/VirtualKeyboard/Styles/kiosk/style.qml" line="110"/>
        <source>Selesai</source>
        <translation>Done</translation>
    </message>
</context>
</TS>
