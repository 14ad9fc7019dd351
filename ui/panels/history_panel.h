#pragma once
// HistoryPanel: the gallery of finished jobs (a view on the HistoryStore). A thumbnail grid or a list,
// search over prompt/tags/engine, star rating and tags per clip, the time, peak memory and cost of each
// run, and actions: "Reuse settings" (fills the window's form), "Re-run exactly" (same recipe and seed),
// open the clip or its folder, delete the entry (the clip file only when the user ticks that box).
// A second tab charts clips, minutes and cost per day. GUI thread only.

#include "core/service/cost.h"

#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QListWidgetItem;
class QPushButton;
class QTabWidget;
class QToolButton;

namespace i2v {
class HistoryStore;
struct HistoryEntry;
}

namespace i2v {
namespace ui {

class UsageChart;

class HistoryPanel : public QWidget {
    Q_OBJECT
public:
    // `store` must outlive the panel.
    HistoryPanel(HistoryStore* store, QWidget* parent = nullptr);

    void setCost(const CostSettings& cost); // how costs are shown (currency) and charted
    // Rebuilds the list from the store (keeps the selection when it still exists).
    void refresh();
    void setSearchText(const QString& text);
    int visibleCount() const;
    bool selectEntry(const QString& id);
    QString currentId() const;
    void setGridMode(bool grid);

    QPushButton* reuseButton() const { return m_reuse; }
    QPushButton* rerunButton() const { return m_rerun; }
    UsageChart* chart() const { return m_chart; }
    // Rating and tags of the current entry, as the buttons do it.
    void rateCurrent(int stars);
    void setCurrentTags(const QString& commaSeparated);
    // Removes the current entry without asking (the dialog's choice passed in); for tests and the dialog.
    void deleteCurrent(bool deleteFile);

signals:
    void reuseSettings(const QString& recipeJson);
    void rerunExactly(const QString& recipeJson);
    void storeError(const QString& detail);

private:
    const HistoryEntry* current() const;
    void showDetails();
    void askDelete();
    QString itemText(const HistoryEntry& e) const;

    HistoryStore* m_store;
    CostSettings m_cost;
    QTabWidget* m_tabs;
    QLineEdit* m_search;
    QToolButton* m_gridToggle;
    QListWidget* m_list;
    QLabel* m_info;
    QList<QToolButton*> m_stars;
    QLineEdit* m_tags;
    QPushButton* m_reuse;
    QPushButton* m_rerun;
    QPushButton* m_open;
    QPushButton* m_folder;
    QPushButton* m_delete;
    UsageChart* m_chart;
};

} // namespace ui
} // namespace i2v
