// Team templates and template files: a read-only shared folder whose templates are marked `team` and
// cannot be renamed or deleted (and whose files are never written), old-schema team files migrated on
// load, unreadable team files skipped with a warning, import of a v1 file as the user's own templates,
// export at the current schema version without overwriting.
#include "core/base/error.h"
#include "core/base/paths.h"
#include "core/presets/template_store.h"

#include <QTemporaryDir>
#include <QTest>

#include <fstream>

using namespace i2v;
namespace fs = std::filesystem;

namespace {
std::string builtinJson()
{
    return readFileBytes(fs::path(I2V_SOURCE_DIR) / "resources/templates/builtin.json");
}
void writeText(const fs::path& p, const std::string& text)
{
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
}
const char* kV1 = "{\"templates\": [{\"id\": \"pan\", \"name\": \"Studio pan\", \"prompt\": \"slow pan left\","
                  " \"parameters\": {\"frames\": 12, \"motion\": \"pan-left\"}}]}";
const char* kV2 = "{\"schema_version\": 2, \"templates\": [{\"id\": \"brand\", \"name\": {\"en\": \"Brand look\","
                  " \"zh_CN\": \"品牌风格\"}, \"prompt\": {\"en\": \"soft light\"}, \"params\": {\"steps\": 30}}]}";
template <typename F>
ErrorCode codeOf(F&& f)
{
    try {
        f();
    } catch (const I2vError& e) {
        return e.code();
    }
    return ErrorCode::Ok;
}
} // namespace

class TestTemplateTeam : public QObject {
    Q_OBJECT
private slots:
    void teamFolderIsReadOnlyAndMigrated()
    {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        const fs::path team = root / "share";
        writeText(team / "a-old.json", kV1);
        writeText(team / "b-new.json", kV2);
        writeText(team / "c-broken.json", "{\"templates\": [ {");
        writeText(team / "notes.txt", "not a template");
        const std::string before = readFileBytes(team / "a-old.json");

        TemplateStore store(root / "user" / "templates.json", builtinJson());
        store.load();
        store.setTeamFolder(team);
        QCOMPARE(store.teamTemplates().size(), std::size_t(2));
        QCOMPARE(store.teamWarnings().size(), std::size_t(1));
        QVERIFY(QString::fromStdString(store.teamWarnings()[0]).contains("c-broken.json"));
        const PromptTemplate& pan = store.teamTemplates()[0];
        QVERIFY(pan.team);
        QVERIFY(!pan.builtin);
        QCOMPARE(pan.name.at("en"), std::string("Studio pan"));         // v1 plain string, migrated
        QCOMPARE(pan.choices.at("motion"), std::string("pan-left"));
        QCOMPARE(store.teamTemplates()[1].localizedName("zh_CN"), std::string("品牌风格"));
        QVERIFY(store.find(pan.id).has_value());
        QCOMPARE(store.all().size(), store.builtins().size() + 2);

        QCOMPARE(codeOf([&] { store.rename(pan.id, "mine now"); }), ErrorCode::InvalidArgument);
        QCOMPARE(codeOf([&] { store.remove(pan.id); }), ErrorCode::InvalidArgument);
        QCOMPARE(readFileBytes(team / "a-old.json"), before); // never written
        QVERIFY(!fs::exists(root / "user" / "templates.json")); // nothing of the team copied into the user's file

        store.setTeamFolder(root / "unreachable");
        QVERIFY(store.teamTemplates().empty());
        QCOMPARE(store.teamWarnings().size(), std::size_t(1));
        store.setTeamFolder({});
        QVERIFY(store.teamWarnings().empty());
    }

    void importAndExport()
    {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        writeText(root / "old.json", kV1);
        writeText(root / "garbage.json", "[1, 2, 3]");
        TemplateStore store(root / "templates.json", builtinJson());
        store.load();
        const auto ids = store.importFile(root / "old.json");
        QCOMPARE(ids.size(), std::size_t(1));
        QCOMPARE(store.userTemplates().size(), std::size_t(1));
        QVERIFY(store.userTemplates()[0].id != "pan"); // a fresh id
        QCOMPARE(codeOf([&] { store.importFile(root / "garbage.json"); }), ErrorCode::InvalidArgument);
        QCOMPARE(codeOf([&] { store.importFile(root / "missing.json"); }), ErrorCode::FileNotFound);
        QCOMPARE(store.userTemplates().size(), std::size_t(1)); // a failed import adds nothing

        // Imported templates are the user's own: editable, and they survive a reload.
        store.rename(ids[0], "Renamed");
        TemplateStore reloaded(root / "templates.json", builtinJson());
        reloaded.load();
        QCOMPARE(reloaded.userTemplates().at(0).name.at("en"), std::string("Renamed"));

        // Export writes the current schema, never over an existing file, and reads back the same.
        const fs::path out = root / "export" / "mine.json";
        fs::create_directories(out.parent_path());
        store.exportFile({ids[0], "face-zoom"}, out);
        const std::string text = readFileBytes(out);
        QVERIFY(QString::fromStdString(text).contains("\"schema_version\": 2"));
        const auto back = templatesFromJson(text);
        QCOMPARE(back.size(), std::size_t(2));
        QCOMPARE(back[0].choices.at("motion"), std::string("pan-left"));
        QCOMPARE(codeOf([&] { store.exportFile({ids[0]}, out); }), ErrorCode::OutputExists);
        QCOMPARE(codeOf([&] { store.exportFile({"nope"}, root / "x.json"); }), ErrorCode::InvalidArgument);
    }
};

QTEST_GUILESS_MAIN(TestTemplateTeam)
#include "test_template_team.moc"
