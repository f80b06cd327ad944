/*
 * pq_lazy.h — libpq, loaded when the first PostgreSQL connection is opened
 * (core/lazy.h); for sql_pg*.c alone.
 */
#ifndef MS_STORE_PQ_LAZY_H
#define MS_STORE_PQ_LAZY_H

#include <libpq-fe.h>
#include <stddef.h>
#include "../core/lazy.h"

#define MS_PQ_FNS(X) \
	X(PQclear) X(PQcmdStatus) X(PQconnectdb) X(PQconsumeInput) X(PQdescribePrepared) X(PQerrorMessage) \
	X(PQexec) X(PQexecPrepared) X(PQfinish) X(PQfname) X(PQfreemem) X(PQftype) X(PQgetisnull) \
	X(PQgetlength) X(PQgetvalue) X(PQnfields) X(PQnotifies) X(PQntuples) X(PQprepare) \
	X(PQresultErrorField) X(PQresultStatus) X(PQserverVersion) X(PQsetNoticeProcessor) X(PQsocket) \
	X(PQstatus) X(PQtransactionStatus) X(PQunescapeBytea)
MS_PQ_FNS(MS_LAZY_DECLARE)

/* Load libpq once (thread-safe): 0, or MS_ERR_IO with the reason. */
struct ms_error;
int ms_pq_load(struct ms_error *e);

/* The calls, through the pointers (after the declarations above). */
#define PQclear (*ms_lazy_PQclear)
#define PQcmdStatus (*ms_lazy_PQcmdStatus)
#define PQconnectdb (*ms_lazy_PQconnectdb)
#define PQconsumeInput (*ms_lazy_PQconsumeInput)
#define PQdescribePrepared (*ms_lazy_PQdescribePrepared)
#define PQerrorMessage (*ms_lazy_PQerrorMessage)
#define PQexec (*ms_lazy_PQexec)
#define PQexecPrepared (*ms_lazy_PQexecPrepared)
#define PQfinish (*ms_lazy_PQfinish)
#define PQfname (*ms_lazy_PQfname)
#define PQfreemem (*ms_lazy_PQfreemem)
#define PQftype (*ms_lazy_PQftype)
#define PQgetisnull (*ms_lazy_PQgetisnull)
#define PQgetlength (*ms_lazy_PQgetlength)
#define PQgetvalue (*ms_lazy_PQgetvalue)
#define PQnfields (*ms_lazy_PQnfields)
#define PQnotifies (*ms_lazy_PQnotifies)
#define PQntuples (*ms_lazy_PQntuples)
#define PQprepare (*ms_lazy_PQprepare)
#define PQresultErrorField (*ms_lazy_PQresultErrorField)
#define PQresultStatus (*ms_lazy_PQresultStatus)
#define PQserverVersion (*ms_lazy_PQserverVersion)
#define PQsetNoticeProcessor (*ms_lazy_PQsetNoticeProcessor)
#define PQsocket (*ms_lazy_PQsocket)
#define PQstatus (*ms_lazy_PQstatus)
#define PQtransactionStatus (*ms_lazy_PQtransactionStatus)
#define PQunescapeBytea (*ms_lazy_PQunescapeBytea)

#endif
