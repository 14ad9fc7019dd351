#include "ui/widgets/model_selector.h"

#include "core/engine/api/registry.h"
#include "ui/param_texts.h"

#include <QDir>
#include <QStandardItemModel>

namespace i2v {
namespace ui {
namespace {
constexpr auto kAddFolderKey = "action:add-folder";
constexpr auto kGetModelsKey = "action:get-models";
bool isAction(const QString& key)
{
    return key == QLatin1String(kAddFolderKey) || key == QLatin1String(kGetModelsKey);
}
} // namespace

ModelSelector::ModelSelector(QWidget* parent) : QComboBox(parent)
{
    setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    setMinimumContentsLength(18);
    connect(this, &QComboBox::activated, this, &ModelSelector::onActivated);
    connect(this, &QComboBox::currentIndexChanged, this, [this](int index) {
        if (!isAction(itemData(index).toString())) {
            m_previousIndex = index;
            emit modelChanged();
        }
    });
}

void ModelSelector::populate(const QStringList& userFolders)
{
    const QString keep = currentKey();
    QSignalBlocker block(this);
    clear();
    m_userFolders.clear();
    QStringList seenFolders;
    for (const ModelFamily* family : modelFamilies()) {
        const QString name = ParamTexts::familyName(family->id(), family->displayName());
        if (!family->needsWeights()) {
            addItem(name, QStringLiteral("family:") + QString::fromStdString(family->id()));
            setItemData(count() - 1, QString::fromStdString(family->description()), Qt::ToolTipRole);
            continue;
        }
        for (const ModelInfo& info : family->discover()) {
            const QString path = QString::fromStdString(info.path);
            seenFolders << QDir::cleanPath(path);
            QString label = name + QStringLiteral(" — ") + QString::fromStdString(info.id);
            if (!info.revision.empty())
                label += QStringLiteral(" (%1)").arg(QString::fromStdString(info.revision).left(7));
            addItem(label, QStringLiteral("folder:") + path);
            setItemData(count() - 1, path, Qt::ToolTipRole);
        }
    }
    for (const QString& folder : userFolders) {
        const QString clean = QDir::cleanPath(folder);
        if (seenFolders.contains(clean))
            continue;
        const ModelFamily* family = familyForFolder(clean.toStdString());
        if (!family)
            continue; // moved or deleted since; dropped from the list
        seenFolders << clean;
        m_userFolders << clean;
        addItem(ParamTexts::familyName(family->id(), family->displayName()) + QStringLiteral(" — ") +
                    QDir(clean).dirName(),
                QStringLiteral("folder:") + clean);
        setItemData(count() - 1, clean, Qt::ToolTipRole);
    }
    insertSeparator(count());
    addItem(tr("Add model folder…"), QString::fromLatin1(kAddFolderKey));
    addItem(tr("Get models…"), QString::fromLatin1(kGetModelsKey));
    if (!selectKey(keep))
        setCurrentIndex(0);
    m_previousIndex = currentIndex();
}

QString ModelSelector::currentKey() const { return currentData().toString(); }

bool ModelSelector::selectKey(const QString& key)
{
    const int index = key.isEmpty() ? -1 : findData(key);
    if (index < 0)
        return false;
    setCurrentIndex(index);
    return true;
}

const ModelFamily* ModelSelector::currentFamily() const
{
    const QString key = currentKey();
    if (key.startsWith(QLatin1String("family:")))
        return findModelFamily(key.mid(7).toStdString());
    if (key.startsWith(QLatin1String("folder:")))
        return familyForFolder(key.mid(7).toStdString());
    return nullptr;
}

QString ModelSelector::currentFolder() const
{
    const QString key = currentKey();
    return key.startsWith(QLatin1String("folder:")) ? key.mid(7) : QString();
}

bool ModelSelector::addFolder(const QString& folder)
{
    const QString clean = QDir::cleanPath(folder);
    if (!familyForFolder(clean.toStdString())) {
        emit folderRejected(clean);
        return false;
    }
    QStringList folders = m_userFolders;
    if (!folders.contains(clean))
        folders << clean;
    populate(folders);
    selectKey(QStringLiteral("folder:") + clean);
    return true;
}

void ModelSelector::onActivated(int index)
{
    const QString key = itemData(index).toString();
    if (!isAction(key))
        return;
    setCurrentIndex(m_previousIndex); // an action item is never the selection
    if (key == QLatin1String(kAddFolderKey))
        emit addFolderRequested();
    else
        emit getModelsRequested();
}

} // namespace ui
} // namespace i2v
