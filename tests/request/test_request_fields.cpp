// The one field table (core/request/request_fields.h): it covers every member of the request, its keys
// and flags are unique, fixed ranges are enforced, and the recipe JSON it drives round-trips every
// stored field.

#include "request_members.h"

#include "core/base/error.h"
#include "core/request/recipe_json.h"

#include <QTest>

#include <set>

using namespace i2v;

namespace {

ErrorCode codeOf(const std::function<void()>& f)
{
    try {
        f();
    } catch (const I2vError& e) {
        return e.code();
    }
    return ErrorCode::Ok;
}

// A value of the field's type that is not `current` and is allowed by a fixed range.
FieldValue otherValue(const RequestField& f, const FieldValue& current)
{
    const std::vector<std::string> choices = fieldChoices(f);
    switch (f.type) {
    case FieldType::Text:
        if (!choices.empty()) {
            const std::string last = choices.back();
            return last.size() > 2 && last.compare(last.size() - 2, 2, ":N") == 0
                       ? last.substr(0, last.size() - 1) + "3"
                       : last;
        }
        return "x-" + std::string(f.name) + "-\xE7\x8C\xAB"; // non-ASCII too
    case FieldType::Int:
        return f.range == RangeSource::Fixed ? static_cast<std::int64_t>(f.maxValue)
                                             : std::get<std::int64_t>(current) + 7;
    case FieldType::Int64:
        return std::get<std::int64_t>(current) + 9007199254740993LL; // above 2^53: must stay an integer
    case FieldType::OptionalInt64:
        return std::int64_t(77);
    case FieldType::Number:
        return std::get<double>(current) + 0.25;
    case FieldType::Bool:
        return !std::get<bool>(current);
    case FieldType::Format:
        return std::string("gif");
    }
    return {};
}

GenerationRequest everyFieldChanged()
{
    GenerationRequest r;
    for (const RequestField& f : requestFields())
        f.set(r, otherValue(f, f.get(r)));
    return r;
}

} // namespace

class TestRequestFields : public QObject {
    Q_OBJECT

private slots:
    void tableCoversEveryMember()
    {
        // Setting every row changes every member but the pixels: a member without a row stays default.
        const GenerationRequest changed = everyFieldChanged();
        const std::vector<std::string> same = test::equalMembers(changed, GenerationRequest{});
        QCOMPARE(QString::fromStdString(test::joined(same)), QStringLiteral("image"));
        // And each row reads back what it set (no two rows share a member).
        for (const RequestField& f : requestFields()) {
            GenerationRequest r;
            const FieldValue v = otherValue(f, f.get(r));
            f.set(r, v);
            QVERIFY2(f.get(r) == v, f.name);
            QCOMPARE(test::equalMembers(r, GenerationRequest{}).size(), std::size_t(30)); // 31 members, one changed
        }
    }

    void namesKeysAndFlagsAreUnique()
    {
        std::set<std::string> names, keys, flags;
        for (const RequestField& f : requestFields()) {
            QVERIFY2(names.insert(f.name).second, f.name);
            if (f.jsonKey)
                QVERIFY2(keys.insert(f.jsonKey).second, f.jsonKey);
            if (f.cliFlag)
                QVERIFY2(flags.insert(f.cliFlag).second, f.cliFlag);
            QVERIFY2(f.help && *f.help, f.name);
            QVERIFY2(f.cliFlag || f.jsonKey, f.name); // a row nobody reads is dead
        }
        for (const char* required : {"easing", "device", "dtype", "motion", "decode_chunk"})
            QVERIFY2(findRequestField(required) && findRequestField(required)->jsonKey, required);
        QCOMPARE(findRequestFieldByFlag("device")->name, "device");
        QCOMPARE(findRequestFieldByFlag("dtype")->name, "dtype");
        QCOMPARE(findRequestFieldByFlag("easing")->jsonKey, "easing");
        QVERIFY(!findRequestField("no_such_field"));
    }

    void fixedRangesAreEnforced()
    {
        const RequestField& device = *findRequestField("device");
        for (const char* ok : {"auto", "cpu", "cuda", "cuda:0", "cuda:12"})
            QCOMPARE(codeOf([&] { checkFixedRange(device, std::string(ok), "--device"); }), ErrorCode::Ok);
        for (const char* bad : {"gpu", "cuda:", "cuda:x", "cuda:1a", "CPU", ""})
            QCOMPARE(codeOf([&] { checkFixedRange(device, std::string(bad), "--device"); }), ErrorCode::InvalidArgument);
        const RequestField& dtype = *findRequestField("dtype");
        QCOMPARE(fieldChoicesText(dtype), std::string("auto, float32, float16, bfloat16"));
        QCOMPARE(codeOf([&] { checkFixedRange(dtype, std::string("float64"), "--dtype"); }), ErrorCode::InvalidArgument);
        const RequestField& crf = *findRequestField("crf");
        QCOMPARE(codeOf([&] { checkFixedRange(crf, std::int64_t(51), "--crf"); }), ErrorCode::Ok);
        QCOMPARE(codeOf([&] { checkFixedRange(crf, std::int64_t(52), "--crf"); }), ErrorCode::InvalidArgument);
        QCOMPARE(codeOf([&] { parseFieldText(crf, "12x", "--crf"); }), ErrorCode::InvalidArgument);
        QCOMPARE(codeOf([&] { parseFieldText(*findRequestField("guidance"), "nan", "--guidance"); }),
                 ErrorCode::InvalidArgument);
        QCOMPARE(std::get<std::string>(parseFieldText(*findRequestField("format"), "frames", "--format")),
                 std::string("png"));
        // The recipe refuses what the command line refuses, naming the key.
        QCOMPARE(codeOf([] { recipeFromJson("{\"device\": \"gpu\"}"); }), ErrorCode::InvalidArgument);
        QCOMPARE(codeOf([] { recipeFromJson("{\"dtype\": \"float64\"}"); }), ErrorCode::InvalidArgument);
        QCOMPARE(codeOf([] { recipeFromJson("{\"device\": \"cuda:2\"}"); }), ErrorCode::Ok);
    }

    void recipeRoundTripsEveryStoredField()
    {
        const GenerationRequest r = everyFieldChanged();
        const std::string json = recipeToJson(r);
        const GenerationRequest back = recipeFromJson(json);
        QVERIFY2(test::differingStoredFields(r, back).empty(), test::joined(test::differingStoredFields(r, back)).c_str());
        // Only the pixels and the service policy (not a stored field) are not carried.
        QCOMPARE(QString::fromStdString(test::joined(test::equalMembers(back, GenerationRequest{}))),
                 QStringLiteral("image, retrySmallerOnOutOfMemory"));
        QVERIFY(json.find("\"easing\"") != std::string::npos);
        QCOMPARE(recipeToJson(back), json);
    }

    void formatNames()
    {
        for (OutputFormat f : outputFormats())
            QCOMPARE(parseOutputFormat(outputFormatName(f)), std::optional<OutputFormat>(f));
        QCOMPARE(outputFormatExtension(OutputFormat::WebM), std::string(".webm"));
        QCOMPARE(outputFormatExtension(OutputFormat::PngFrames), std::string());
        QVERIFY(!parseOutputFormat("avi"));
    }
};

QTEST_GUILESS_MAIN(TestRequestFields)
#include "test_request_fields.moc"
