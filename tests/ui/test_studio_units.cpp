// Studio pieces that need no engine: translations (complete, placeholders kept, embedded .qm loads),
// error sentences, readable output names, the token estimate, language choice, settings defaults and
// round trip, image conversion.
#include "core/base/error.h"
#include "ui/app_settings.h"
#include "ui/errors.h"
#include "ui/i18n.h"
#include "ui/image_convert.h"
#include "ui/panels/prompt_panel.h"
#include "ui/panels/run_bar.h"

#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>

using namespace i2v;
using namespace i2v::ui;

namespace {

struct TsMessage {
    QString context;
    QString source;
    QStringList translations; // one per numerus form
    bool unfinished = false;
};

QList<TsMessage> readTs(const QString& path)
{
    QList<TsMessage> out;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return out;
    QXmlStreamReader xml(&f);
    QString context;
    TsMessage m;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        const auto name = xml.name();
        if (name == QLatin1String("name")) {
            context = xml.readElementText();
        } else if (name == QLatin1String("message")) {
            m = TsMessage{context, {}, {}, false};
        } else if (name == QLatin1String("source")) {
            m.source = xml.readElementText();
        } else if (name == QLatin1String("translation")) {
            const auto type = xml.attributes().value(QLatin1String("type"));
            m.unfinished = type == QLatin1String("unfinished") || type == QLatin1String("vanished") ||
                           type == QLatin1String("obsolete");
            // Either plain text or <numerusform> children.
            QString text;
            while (!(xml.isEndElement() && xml.name() == QLatin1String("translation")) && !xml.atEnd()) {
                xml.readNext();
                if (xml.isCharacters())
                    text += xml.text();
                else if (xml.isStartElement() && xml.name() == QLatin1String("numerusform"))
                    m.translations << xml.readElementText();
            }
            if (m.translations.isEmpty())
                m.translations << text.trimmed();
            out << m;
        }
    }
    return out;
}

QSet<QString> placeholders(const QString& s)
{
    static const QRegularExpression re(QStringLiteral("%(\\d|n)"));
    QSet<QString> out;
    auto it = re.globalMatch(s);
    while (it.hasNext())
        out << it.next().captured();
    return out;
}

} // namespace

class TestStudioUnits : public QObject {
    Q_OBJECT
private slots:
    void translationsAreComplete_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("zh_CN") << QStringLiteral(I2V_SOURCE_DIR "/translations/i2v_zh_CN.ts");
        QTest::newRow("en") << QStringLiteral(I2V_SOURCE_DIR "/translations/i2v_en.ts");
    }
    void translationsAreComplete()
    {
        QFETCH(QString, file);
        const QList<TsMessage> messages = readTs(file);
        QVERIFY2(messages.size() > 150, qPrintable(file));
        for (const TsMessage& m : messages) {
            const QString where = m.context + QStringLiteral(": ") + m.source;
            QVERIFY2(!m.unfinished, qPrintable(QStringLiteral("unfinished: ") + where));
            for (const QString& t : m.translations) {
                QVERIFY2(!t.isEmpty(), qPrintable(QStringLiteral("empty translation: ") + where));
                QVERIFY2(placeholders(t) == placeholders(m.source), qPrintable(QStringLiteral("placeholders differ: ") + where));
            }
        }
    }

    void chineseTranslationLoadsFromResources()
    {
        initResources();
        QTranslator zh;
        QVERIFY(zh.load(QStringLiteral(":/i18n/i2v_zh_CN.qm")));
        QCOMPARE(zh.translate("i2v::ui::RunBar", "Generate"), QString::fromUtf8("生成"));
        QCOMPARE(zh.translate("i2v::ui::ErrorTexts",
                              "This file type is not supported. Use a PNG, JPEG, WebP, BMP or TIFF image."),
                 QString::fromUtf8("不支持此文件类型。请使用 PNG、JPEG、WebP、BMP 或 TIFF 图片。"));
        QCOMPARE(zh.translate("i2v::ui::ParamTexts", "Zoom in"), QString::fromUtf8("推近"));
        QCOMPARE(zh.translate("i2v::ui::ParametersPanel", "Precision"), QString::fromUtf8("精度"));
        QTranslator en;
        QVERIFY(en.load(QStringLiteral(":/i18n/i2v_en.qm")));
        QCOMPARE(en.translate("i2v::ui::RunBar", "%n more clip(s) waiting", nullptr, 1), QStringLiteral("%n more clip waiting"));
    }

    void everyErrorCodeHasItsOwnSentence()
    {
        QSet<QString> seen;
        for (int c = static_cast<int>(ErrorCode::InvalidArgument); c <= static_cast<int>(ErrorCode::Internal); ++c) {
            const QString s = ErrorTexts::sentence(static_cast<ErrorCode>(c));
            QVERIFY(s.size() > 20);
            QVERIFY2(!seen.contains(s), qPrintable(s));
            seen << s;
        }
    }

    void variationsBesideGenerate()
    {
        ui::RunBar bar;
        QSpinBox* box = bar.findChild<QSpinBox*>(QStringLiteral("variationsBox"));
        QVERIFY(box);
        QCOMPARE(bar.variations(), 1); // best of 1 = one clip, as before
        QCOMPARE(box->minimum(), 1);
        QCOMPARE(box->maximum(), 16); // the request table's best_of range
        box->setValue(4);
        QCOMPARE(bar.variations(), 4);
        QVERIFY(box->prefix().contains(QStringLiteral("Variations")));
    }

    void tokenEstimate()
    {
        QCOMPARE(PromptPanel::estimateTokens(QString()), 0);
        QCOMPARE(PromptPanel::estimateTokens(QStringLiteral("a cat, walking")), 4);
        QCOMPARE(PromptPanel::estimateTokens(QString::fromUtf8("推近")), 4);
        QVERIFY(PromptPanel::estimateTokens(QString(100, QLatin1Char(' ')).replace(QLatin1Char(' '), QStringLiteral("x "))) == 100);
    }

    void languageFollowsSystemWithOverride()
    {
        QCOMPARE(resolveLanguage(QString(), QStringLiteral("zh_CN")), QStringLiteral("zh_CN"));
        QCOMPARE(resolveLanguage(QString(), QStringLiteral("zh_TW")), QStringLiteral("zh_CN"));
        QCOMPARE(resolveLanguage(QString(), QStringLiteral("de_DE")), QStringLiteral("en"));
        QCOMPARE(resolveLanguage(QStringLiteral("en"), QStringLiteral("zh_CN")), QStringLiteral("en"));
        QCOMPARE(resolveLanguage(QStringLiteral("zh_CN"), QStringLiteral("en_US")), QStringLiteral("zh_CN"));
    }

    void settingsDefaultsAndRoundTrip()
    {
        QTemporaryDir dir;
        const QString ini = dir.filePath(QStringLiteral("s.ini"));
        {
            AppSettings s(ini);
            QCOMPARE(s.seed(), qint64(42));
            QVERIFY(!s.seedLocked());
            QCOMPARE(s.exportFormat(), QStringLiteral("mp4"));
            QVERIFY(s.outputsFolder().endsWith(QStringLiteral("I2V Studio")));
            QVERIFY(s.language().isEmpty());
            s.setSeed(123456789012LL);
            s.setLastParameters({{QStringLiteral("frames"), 24}, {QStringLiteral("motion"), QStringLiteral("pan-left")}});
            s.setLanguage(QStringLiteral("zh_CN"));
            s.setModelFolders({QStringLiteral("/models/a")});
            s.sync();
        }
        AppSettings again(ini);
        QCOMPARE(again.seed(), 123456789012LL);
        QCOMPARE(again.lastParameters().value(QStringLiteral("frames")).toInt(), 24);
        QCOMPARE(again.lastParameters().value(QStringLiteral("motion")).toString(), QStringLiteral("pan-left"));
        QCOMPARE(again.language(), QStringLiteral("zh_CN"));
        QCOMPARE(again.modelFolders(), QStringList{QStringLiteral("/models/a")});
    }

    void imageConversionRoundTrip()
    {
        Image img(3, 2);
        for (std::size_t i = 0; i < img.rgb.size(); ++i)
            img.rgb[i] = static_cast<std::uint8_t>(i * 13);
        const QImage q = toQImage(img);
        QCOMPARE(q.size(), QSize(3, 2));
        QCOMPARE(QColor(q.pixel(1, 1)), QColor(img.pixel(1, 1)[0], img.pixel(1, 1)[1], img.pixel(1, 1)[2]));
        QCOMPARE(fromQImage(q).rgb, img.rgb);
        QImage alpha(2, 2, QImage::Format_ARGB32);
        alpha.fill(QColor(0, 0, 0, 0));
        QCOMPARE(int(fromQImage(alpha).pixel(0, 0)[0]), 255); // transparent composites on white
    }
};

QTEST_MAIN(TestStudioUnits)
#include "test_studio_units.moc"
