// TemplateStore and the template document: built-ins parse, user templates round-trip through the file,
// rename/delete, a corrupt file is kept as a backup and defaults restored, v1 documents migrate.
#include "core/base/error.h"
#include "core/base/paths.h"
#include "core/presets/template_store.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace i2v;

namespace {
std::string builtinJson()
{
    return readFileBytes(std::filesystem::path(I2V_SOURCE_DIR) / "resources/templates/builtin.json");
}
PromptTemplate sample(const std::string& name)
{
    PromptTemplate t;
    t.name["en"] = name;
    t.prompt["en"] = "camera slowly zooming in on the face";
    t.negativePrompt = "blurry";
    t.params["frames"] = 24;
    t.params["guidance"] = 7.5;
    t.choices["motion"] = "zoom-in";
    return t;
}
} // namespace

class TestTemplateStore : public QObject {
    Q_OBJECT
private slots:
    void builtinsAreCompleteInBothLanguages()
    {
        const auto list = templatesFromJson(builtinJson());
        QVERIFY(list.size() >= 7);
        for (const char* id : {"walk-forward", "face-zoom", "leaves-wind", "product-turn", "waves-roll",
                               "hair-breeze", "smoke-rises"}) {
            const auto it = std::find_if(list.begin(), list.end(), [&](const PromptTemplate& t) { return t.id == id; });
            QVERIFY2(it != list.end(), id);
            QVERIFY(!it->name.at("en").empty());
            QVERIFY(!it->name.at("zh_CN").empty());
            QVERIFY(!it->prompt.at("zh_CN").empty());
            QVERIFY(it->params.count("frames"));
            QVERIFY(it->choices.count("motion"));
        }
        QCOMPARE(QString::fromStdString(list[0].localizedName("zh_CN")), QString::fromUtf8("人物向前走"));
        QCOMPARE(QString::fromStdString(list[0].localizedName("zh_TW")), QString::fromUtf8("人物向前走"));
        QCOMPARE(QString::fromStdString(list[0].localizedName("de_DE")), QStringLiteral("Subject walks forward"));
    }

    void userTemplatesRoundTrip()
    {
        QTemporaryDir dir;
        const auto file = std::filesystem::path(dir.path().toStdString()) / "sub" / "templates.json";
        std::string id;
        {
            TemplateStore store(file, builtinJson());
            store.load();
            QVERIFY(store.userTemplates().empty());
            id = store.add(sample("Mine"));
            store.add(sample("Second"));
        }
        TemplateStore again(file, builtinJson());
        again.load();
        QCOMPARE(again.userTemplates().size(), std::size_t(2));
        const auto t = again.find(id);
        QVERIFY(t.has_value());
        QCOMPARE(t->name.at("en"), std::string("Mine"));
        QCOMPARE(t->params.at("guidance"), 7.5);
        QCOMPARE(t->choices.at("motion"), std::string("zoom-in"));
        QVERIFY(!t->builtin);
        QCOMPARE(again.all().size(), again.builtins().size() + 2);

        again.rename(id, "Renamed");
        again.remove(again.userTemplates()[1].id);
        TemplateStore third(file, builtinJson());
        third.load();
        QCOMPARE(third.userTemplates().size(), std::size_t(1));
        QCOMPARE(third.userTemplates()[0].name.at("en"), std::string("Renamed"));
    }

    void builtinsCannotBeChanged()
    {
        QTemporaryDir dir;
        TemplateStore store(std::filesystem::path(dir.path().toStdString()) / "t.json", builtinJson());
        store.load();
        bool threw = false;
        try {
            store.remove("walk-forward");
        } catch (const I2vError& e) {
            threw = e.code() == ErrorCode::InvalidArgument;
        }
        QVERIFY(threw);
        QCOMPARE(store.builtins().size(), templatesFromJson(builtinJson()).size());
    }

    void corruptFileIsKeptAndDefaultsRestored()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("templates.json");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"schema_version\": 2, \"templates\": [ {\"id\": \"x\", \"name\": ");
        f.close();
        TemplateStore store(path.toStdString(), builtinJson());
        store.load();
        QVERIFY(store.backupPath().has_value());
        QVERIFY(QString::fromStdString(store.backupPath()->filename().string()).startsWith("templates.json.corrupt-"));
        QFile backup(QString::fromStdString(store.backupPath()->string()));
        QVERIFY(backup.open(QIODevice::ReadOnly));
        QVERIFY(backup.readAll().startsWith("{\"schema_version\": 2, \"templates\": [ {\"id\""));
        QVERIFY(store.userTemplates().empty());
        QVERIFY(!store.builtins().empty());
        // The fresh file is valid again and a new template can be saved into it.
        store.add(sample("After recovery"));
        TemplateStore again(path.toStdString(), builtinJson());
        again.load();
        QVERIFY(!again.backupPath().has_value());
        QCOMPARE(again.userTemplates().size(), std::size_t(1));
    }

    void version1DocumentsMigrate()
    {
        const std::string v1 = "{\"templates\": [{\"id\": \"old\", \"name\": \"Old one\", \"prompt\": \"pan left\","
                               " \"parameters\": {\"frames\": 12, \"motion\": \"pan-left\"}}]}";
        const auto list = templatesFromJson(v1);
        QCOMPARE(list.size(), std::size_t(1));
        QCOMPARE(list[0].name.at("en"), std::string("Old one"));
        QCOMPARE(list[0].prompt.at("en"), std::string("pan left"));
        QCOMPARE(list[0].params.at("frames"), 12.0);
        QCOMPARE(list[0].choices.at("motion"), std::string("pan-left"));
        QVERIFY(QString::fromStdString(migrateTemplateDocument(v1)).contains("\"schema_version\":2"));
    }

    void newerSchemaIsRefused()
    {
        bool threw = false;
        try {
            templatesFromJson("{\"schema_version\": 99, \"templates\": []}");
        } catch (const I2vError& e) {
            threw = QString::fromUtf8(e.what()).contains("newer");
        }
        QVERIFY(threw);
    }
};

QTEST_GUILESS_MAIN(TestTemplateStore)
#include "test_template_store.moc"
