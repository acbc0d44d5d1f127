<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="id">
<context>
    <name>AttractScreen</name>
    <message>
        <location filename="../qml/Kiosk/AttractScreen.qml" line="136"/>
        <source>Sentuh layar untuk mulai</source>
        <translation>Touch the screen to start</translation>
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
        <location filename="../qml/Kiosk/DoneScreen.qml" line="25"/>
        <source>Nomor antrian Anda</source>
        <translation>Your queue number</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/DoneScreen.qml" line="76"/>
        <source>Silakan ambil struk Anda di bawah layar, lalu tunggu nomor Anda dipanggil.</source>
        <translation>Please take your receipt below the screen, then wait for your number to be called.</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/DoneScreen.qml" line="77"/>
        <source>Struk belum tercetak. Catat atau foto nomor ini, lalu tunjukkan kepada petugas.</source>
        <translation>The receipt did not print. Write down or photograph this number, then show it to an officer.</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/DoneScreen.qml" line="108"/>
        <source>Pindai kode ini di anjungan untuk melihat status.</source>
        <translation>Scan this code at the kiosk to see the status.</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/DoneScreen.qml" line="125"/>
        <source>Selesai</source>
        <translation>Finish</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/DoneScreen.qml" line="130"/>
        <source>Kembali ke layar awal dalam %1 detik</source>
        <translation>Back to the start screen in %1 seconds</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <location filename="../qml/Kiosk/HomeScreen.qml" line="19"/>
        <source>Pilih layanan</source>
        <translation>Choose a service</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/HomeScreen.qml" line="30"/>
        <source>Sentuh salah satu layanan di bawah ini.</source>
        <translation>Touch one of the services below.</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/HomeScreen.qml" line="72"/>
        <source>Kembali ke awal</source>
        <translation>Back to start</translation>
    </message>
</context>
<context>
    <name>IdleWarning</name>
    <message>
        <location filename="../qml/Kiosk/IdleWarning.qml" line="26"/>
        <source>Apakah Anda masih di sini?</source>
        <translation>Are you still there?</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/IdleWarning.qml" line="36"/>
        <source>Sesi berakhir dalam %1 detik dan data yang Anda isi akan dihapus.</source>
        <translation>The session ends in %1 seconds and what you entered will be erased.</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/IdleWarning.qml" line="44"/>
        <source>Lanjutkan</source>
        <translation>Continue</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/IdleWarning.qml" line="51"/>
        <source>Selesai</source>
        <translation>Finish</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <location filename="../qml/Kiosk/Main.qml" line="11"/>
        <source>Anjungan Layanan Mandiri</source>
        <translation>Self-Service Kiosk</translation>
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
        <location filename="../qml/Kiosk/ProcessingScreen.qml" line="21"/>
        <source>Sedang mencetak struk...</source>
        <translation>Printing your receipt...</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/ProcessingScreen.qml" line="21"/>
        <source>Sedang memproses...</source>
        <translation>Processing...</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/ProcessingScreen.qml" line="30"/>
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
        <location filename="../qml/Kiosk/QueueCounterScreen.qml" line="51"/>
        <source>Maaf, nomor antrian belum dapat dibuat. Silakan coba lagi atau hubungi petugas.</source>
        <translation>Sorry, a queue number could not be made. Please try again or ask an officer.</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/QueueCounterScreen.qml" line="146"/>
        <source>Kembali</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/QueueCounterScreen.qml" line="152"/>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ScreenHeader</name>
    <message>
        <location filename="../qml/Kiosk/ScreenHeader.qml" line="32"/>
        <source>Daring</source>
        <translation>Online</translation>
    </message>
    <message>
        <location filename="../qml/Kiosk/ScreenHeader.qml" line="33"/>
        <source>Luring</source>
        <translation>Offline</translation>
    </message>
</context>
</TS>
